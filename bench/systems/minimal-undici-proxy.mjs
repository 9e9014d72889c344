/**
 * The practical limit on undici (issue 16): the minimal proxy of minimal-proxy.mjs with undici's `Pool` in
 * place of `http.request` — `pool.stream` on 64 keep-alive connections, headers copied as they are, bodies
 * streamed both ways. It does not proxy WebSockets.
 */
import http from 'node:http';
import { Pool } from 'undici';

/** @type {import('./index.mjs').SystemDescriptor} */
export const minimalUndiciProxy = {
  id: 'minimal-undici',
  label: 'minimal undici proxy',
  file: 'minimal-undici-proxy.mjs',
  proxiesWebSockets: false,
  noWebSocketReason: 'skipped: no WebSocket support',
};

/**
 * The whole proxy: about twenty lines.
 * @param {string} upstreamUrl
 */
export function createMinimalUndiciHandler(upstreamUrl) {
  const pool = new Pool(new URL(upstreamUrl).origin, { connections: 64 });
  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  function minimalUndiciHandler(req, res) {
    const { connection: _connection, 'transfer-encoding': _te, ...headers } = req.headers;
    const bodyless =
      req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
    const abort = new AbortController();
    // The client left first (an SSE tab closed): stop the upstream too.
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    pool
      .stream(
        { method: req.method, path: req.url, headers, body: bodyless ? null : req, signal: abort.signal },
        ({ statusCode, headers: upstreamHeaders }) => {
          res.writeHead(statusCode, upstreamHeaders);
          return res;
        },
      )
      .catch(() => res.destroy());
  }
  return { handler: minimalUndiciHandler, close: () => pool.destroy() };
}

/** @param {{ upstreamUrl: string }} config */
export async function start({ upstreamUrl }) {
  const proxy = createMinimalUndiciHandler(upstreamUrl);
  const server = http.createServer(proxy.handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port: address.port,
    close: () => {
      proxy.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
