import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex, Writable } from 'node:stream';
import { WebSocketServer } from 'ws';
import { findClosedPort } from './closed-port.js';
import { createSelfSignedCertificate } from './self-signed.js';

/**
 * An upstream that fails on purpose, in every way a real backend fails under a dev proxy. The first path
 * segment picks the behaviour (`/hang/anything` hangs), so a proxy route per fault can point at the same origin
 * and the fault survives the route's path mapping. `refuse` and `bad-tls` are not paths but targets of their
 * own (a closed port, an HTTPS server with a self-signed certificate): see `targets`.
 *
 * Most faults write raw bytes on the socket, because a well-behaved `ServerResponse` cannot send a garbage
 * status line, a header block over Node's limit or a bad chunk size. Timed behaviours (trickling, the short
 * pause between "headers sent" and "connection cut") live here, never in the tests.
 */
export const httpFaults = [
  /** A normal, fast JSON answer: `{"ok":true}`. */
  'ok',
  /** Nothing listens on the target port: ECONNREFUSED. */
  'refuse',
  /** Reads the request, then closes the connection without a byte of response. */
  'reset-headers',
  /** Writes half a status line (`HTTP/1.1 2`), then closes the connection. */
  'reset-status-line',
  /** Sends 200 headers and part of a chunked body, then closes the connection. */
  'reset-body',
  /** Reads the request and never answers. */
  'hang',
  /** Sends 200 headers of a chunked (streaming) response, then nothing: a stream with no event yet. */
  'stall-after-headers',
  /** Sends the whole response one byte every 100 ms, headers included (the head alone takes seconds). */
  'trickle-headers',
  /** Sends 200 headers at once, then a 10-byte body one byte every 100 ms (a slow stream that does finish). */
  'trickle-body',
  /** Answers with a garbage status line. */
  'malformed',
  /** Answers with a 100 KiB header block (Node's client limit is 16 KiB). */
  'oversized-headers',
  /** Sends 200 chunked headers and, in the same packet, a chunk whose size is not hexadecimal. */
  'broken-chunked',
  /** Sends 200 chunked headers and a valid chunk, then a chunk whose size is not hexadecimal. */
  'broken-chunked-mid-body',
  /**
   * Sends `102 Processing` and `103 Early Hints` (Node's `writeProcessing` / `writeEarlyHints`, as an Express
   * backend would), then the JSON answer 100 ms later: longer than the proxy's 25 ms header flush.
   */
  'interim-then-answer',
  /** Answers with two `Content-Length` fields (a request-smuggling shape Node's client refuses). */
  'duplicate-content-length',
  /** Answers with `Content-Length` and `Transfer-Encoding: chunked` together (the same). */
  'length-and-chunked',
  /**
   * A JSON answer whose reason phrase Node will not write back: a Latin-1 byte (`Très bien`, as old servers
   * localise it) and a control byte. Valid to read; the proxy must still pass the answer on.
   */
  'unwritable-reason',
  /** Answers a plain GET with `101 Switching Protocols` (h2c), which nobody asked for. */
  'unrequested-upgrade',
  /** An HTTPS server whose certificate nobody trusts (self-signed, no `ca` given). */
  'bad-tls',
] as const;

export const webSocketFaults = [
  /** Completes the WebSocket handshake, then sends part of a frame and closes the connection. */
  'ws-drop',
  /** Reads the upgrade request, then closes the connection without answering the handshake. */
  'ws-reset-handshake',
  /** Reads the upgrade request and never answers the handshake. */
  'ws-hang-handshake',
  /** A normal WebSocket that echoes every message. */
  'ws-echo',
] as const;

export type HttpFault = (typeof httpFaults)[number];
export type WebSocketFault = (typeof webSocketFaults)[number];
export type Fault = HttpFault | WebSocketFault;

/** The 10-byte body `trickle-body` sends, so a test can check that nothing was lost or reordered. */
export const trickleBody = '0123456789';
/** How long `reset-body` and the broken-chunked faults pause after the headers: the headers arrive alone first. */
const pauseAfterHeadersMs = 50;
const trickleIntervalMs = 100;
/** How long `interim-then-answer` waits between its interim responses and the final one. */
const interimPauseMs = 100;

export interface FaultUpstream {
  /** The proxy target for each fault (the HTTP origin for most, a closed port, the HTTPS origin). */
  readonly targets: Readonly<Record<Fault, string>>;
  /** Requests (and upgrade requests) received per fault; `refuse` and `bad-tls` never get here. */
  readonly hits: Readonly<Record<string, number>>;
  /** Connections open right now on the HTTP and HTTPS servers (upgraded sockets included). */
  openConnections(): Promise<number>;
  /** Destroys every socket (which stops every trickle) and closes both servers. */
  close(): Promise<void>;
}

function rawHead(status: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status}\r\n${lines.join('')}\r\n`;
}

/** Writes `text` one byte per tick; stops (and never writes again) once the stream closes. */
function trickle(out: Writable, text: string, onDone: () => void): void {
  let index = 0;
  const timer = setInterval(() => {
    if (out.destroyed) return clearInterval(timer);
    if (index < text.length) {
      out.write(text[index]);
      index += 1;
      return;
    }
    clearInterval(timer);
    onDone();
  }, trickleIntervalMs);
  out.once('close', () => clearInterval(timer));
}

function countConnections(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the fault upstream on loopback (port 0). `keepAliveTimeoutMs` bounds how long an idle keep-alive
 * connection from the proxy stays open, so connection counts settle quickly after a burst of requests.
 */
export async function startFaultUpstream(
  options: { keepAliveTimeoutMs?: number } = {},
): Promise<FaultUpstream> {
  const hits: Record<string, number> = {};
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A proxy that gives up on us resets the connection; that is the point, not an error.
    socket.on('error', () => {});
  };

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const fault = (req.url ?? '/').split(/[/?]/)[1] ?? '';
    hits[fault] = (hits[fault] ?? 0) + 1;
    const socket = req.socket;
    switch (fault) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      case 'reset-headers':
        socket.destroy();
        return;
      case 'reset-status-line':
        socket.write('HTTP/1.1 2', () => socket.destroy());
        return;
      case 'reset-body':
        socket.write(
          `${rawHead('200 OK', { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' })}e\r\npartial body, \r\n`,
        );
        setTimeout(() => socket.destroy(), pauseAfterHeadersMs);
        return;
      case 'hang':
        return;
      case 'stall-after-headers':
        socket.write(
          rawHead('200 OK', { 'Content-Type': 'text/event-stream', 'Transfer-Encoding': 'chunked' }),
        );
        return;
      case 'trickle-headers':
        trickle(
          socket,
          `${rawHead('200 OK', { 'Content-Type': 'text/plain', 'Content-Length': '2', Connection: 'close' })}ok`,
          () => socket.end(),
        );
        return;
      case 'trickle-body':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(trickleBody.length) });
        res.flushHeaders();
        trickle(res, trickleBody, () => res.end());
        return;
      case 'malformed':
        socket.end('GARBAGE STATUS LINE\r\n\r\n');
        return;
      case 'oversized-headers':
        socket.end(
          `${rawHead('200 OK', { 'Content-Type': 'text/plain', 'X-Padding': 'a'.repeat(100 * 1024), 'Content-Length': '2', Connection: 'close' })}ok`,
        );
        return;
      case 'broken-chunked':
      case 'broken-chunked-mid-body':
        // Headers a real response carries (a compressed body, a session cookie): whatever the proxy answers
        // instead must not inherit them.
        socket.write(
          `${rawHead('200 OK', { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip', 'Set-Cookie': `fault=${fault}; Path=/`, 'Transfer-Encoding': 'chunked' })}${fault === 'broken-chunked' ? 'zz\r\nnot a chunk\r\n' : 'e\r\npartial body, \r\n'}`,
        );
        // broken-chunked is broken from its first body byte (same packet as the headers): nothing has reached
        // the browser, so it must get a clean 502. Mid-body, the headers are already out: a cut is all it can get.
        if (fault === 'broken-chunked') return;
        setTimeout(() => {
          if (!socket.destroyed) socket.write('zz\r\nnot a chunk\r\n');
        }, pauseAfterHeadersMs);
        return;
      case 'interim-then-answer': {
        res.writeProcessing();
        res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        const answer = setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
        }, interimPauseMs);
        res.once('close', () => clearTimeout(answer));
        return;
      }
      case 'duplicate-content-length':
        socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nContent-Length: 11\r\n\r\n{"ok":true}',
        );
        return;
      case 'length-and-chunked':
        socket.end(
          `${rawHead('200 OK', { 'Content-Type': 'application/json', 'Content-Length': '11', 'Transfer-Encoding': 'chunked' })}b\r\n{"ok":true}\r\n0\r\n\r\n`,
        );
        return;
      case 'unrequested-upgrade':
        socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n');
        return;
      case 'unwritable-reason':
        socket.end(
          Buffer.from(
            'HTTP/1.1 200 Tr\u00e8s bien\u0001\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}',
            'latin1',
          ),
        );
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end(`no fault named ${JSON.stringify(fault)}`);
    }
  }

  const keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  const server = http.createServer(handle);
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('connection', track);

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket: Duplex, head) => {
    const fault = (req.url ?? '/').split(/[/?]/)[1] ?? '';
    hits[fault] = (hits[fault] ?? 0) + 1;
    if (fault === 'ws-reset-handshake') {
      socket.destroy();
      return;
    }
    if (fault === 'ws-hang-handshake') return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (fault === 'ws-echo') {
        ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
        return;
      }
      // ws-drop: a text frame announcing 100 bytes (FIN, opcode 1, 16-bit length 100) with only 10 of them.
      const partialFrame = Buffer.concat([Buffer.from([0x81, 126, 0x00, 100]), Buffer.from('0123456789')]);
      socket.write(partialFrame, () => socket.destroy());
    });
  });

  const tls = createSelfSignedCertificate();
  const tlsServer = https.createServer(tls, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true,"tls":true}');
  });
  tlsServer.keepAliveTimeout = keepAliveTimeout;
  tlsServer.on('connection', (socket: Socket) => track(socket));
  // A proxy that rejects our certificate aborts the handshake: expected, and not worth an 'error'.
  tlsServer.on('tlsClientError', () => {});

  const [port, tlsPort, closedPort] = await Promise.all([
    listen(server),
    listen(tlsServer),
    findClosedPort(),
  ]);
  const httpUrl = `http://127.0.0.1:${port}`;
  const targets = Object.fromEntries(
    [...httpFaults, ...webSocketFaults].map((fault) => [fault, httpUrl]),
  ) as Record<Fault, string>;
  targets.refuse = `http://127.0.0.1:${closedPort}`;
  targets['bad-tls'] = `https://127.0.0.1:${tlsPort}`;

  return {
    targets,
    hits,
    async openConnections() {
      const [plain, secure] = await Promise.all([countConnections(server), countConnections(tlsServer)]);
      return plain + secure;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await Promise.all(
        [server, tlsServer].map(
          (each) =>
            new Promise<void>((resolve) => {
              each.closeAllConnections();
              each.close(() => resolve());
            }),
        ),
      );
    },
  };
}
