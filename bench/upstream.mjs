/**
 * The minimal upstream every system under test forwards to, run in its own process:
 *   GET  /api/json      a small JSON document (the same bytes every time)
 *   POST /api/echo      reads the body, answers {"received":<bytes>}
 *   GET  /api/download  ?bytes=N: N bytes generated on the fly (one reused 64 KiB chunk, backpressure honoured)
 *   POST /api/upload    counts the body's bytes without keeping them, answers {"received":<bytes>}
 *   GET  /api/sse       an event at once, then one every 50 ms until the client goes away
 *   OPTIONS *           204 with CORS headers at once, so the production audit's probes are cheap
 *   WebSocket /api/ws   echoes every message
 * Requests carrying `Origin: https://app.example.com` (the audit's production origin) get CORS headers.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { serveAsChild } from './child-process.mjs';
import { jsonBody, productionOrigin, sseIntervalMs } from './constants.mjs';

const chunk = Buffer.alloc(64 * 1024, 'cors-dev-proxy ');

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
function handle(req, res) {
  const origin = req.headers.origin;
  if (origin === productionOrigin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  }
  const url = new URL(req.url ?? '/', 'http://upstream');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
      'access-control-max-age': '600',
    });
    res.end();
    return;
  }
  switch (`${req.method} ${url.pathname}`) {
    case 'GET /api/json':
    case 'HEAD /api/json':
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(jsonBody),
      });
      res.end(req.method === 'HEAD' ? undefined : jsonBody);
      return;
    case 'POST /api/echo':
    case 'POST /api/upload':
      countBody(req, (received) => {
        const body = JSON.stringify({ received });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
      return;
    case 'GET /api/download':
      streamBytes(res, Number(url.searchParams.get('bytes') ?? 0));
      return;
    case 'GET /api/sse':
      streamEvents(res);
      return;
    default:
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
  }
}

/** @param {http.IncomingMessage} req @param {(bytes: number) => void} done */
function countBody(req, done) {
  let received = 0;
  req.on('data', (data) => {
    received += data.length;
  });
  req.on('end', () => done(received));
}

/** @param {http.ServerResponse} res @param {number} total */
function streamBytes(res, total) {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
      sent += piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => {
    sent = total;
  });
  pump();
}

/** @param {http.ServerResponse} res */
function streamEvents(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let id = 0;
  const send = () => res.write(`id: ${id}\ndata: {"n":${id++}}\n\n`);
  send();
  const timer = setInterval(send, sseIntervalMs);
  res.on('close', () => clearInterval(timer));
}

/** Starts the upstream on 127.0.0.1, port 0. */
export async function startUpstream() {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, handle);
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  sockets.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    socket.on('error', () => socket.terminate());
  });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/api/ws')) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port: address.port,
    async close() {
      for (const client of sockets.clients) client.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serveAsChild(startUpstream);
