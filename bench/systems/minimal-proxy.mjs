/**
 * The practical limit: the smallest proxy that is still correct enough to measure — `http.request` on a
 * keep-alive agent, headers copied as they are, bodies piped both ways. It does not proxy WebSockets.
 */
import http from 'node:http';

/** @type {import('./index.mjs').SystemDescriptor} */
export const minimalProxy = {
  id: 'minimal',
  label: 'minimal keep-alive proxy',
  file: 'minimal-proxy.mjs',
  proxiesWebSockets: false,
  noWebSocketReason: 'skipped: no WebSocket support',
};

/**
 * The whole proxy: about twenty lines.
 * @param {string} upstreamUrl
 */
export function createMinimalProxyHandler(upstreamUrl) {
  const target = new URL(upstreamUrl);
  const agent = new http.Agent({ keepAlive: true });
  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  function minimalProxyHandler(req, res) {
    const upstreamReq = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.destroy());
    // The client left first (an SSE tab closed): stop the upstream too.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
  }
  return { handler: minimalProxyHandler, close: () => agent.destroy() };
}

/** @param {{ upstreamUrl: string }} config */
export async function start({ upstreamUrl }) {
  const proxy = createMinimalProxyHandler(upstreamUrl);
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
