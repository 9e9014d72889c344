/**
 * Diagnostic: cors-dev-proxy's host-independent core (the BUILT cors-dev-proxy) on a bare node:http
 * server, no Vite, access log off — the proxy engine and the core's own per-request work alone.
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedDir } from '../resolve-package.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyCore = {
  id: 'cdp-core',
  label: 'cors-dev-proxy core on bare node:http, accessLog off',
  file: 'cors-dev-proxy-core.mjs',
  proxiesWebSockets: true,
};

/** @param {{ upstreamUrl: string }} config */
export async function start({ upstreamUrl }) {
  const { createCorsDevProxy } = await import(pathToFileURL(path.join(sharedDir, 'dist', 'index.mjs')).href);
  const proxy = createCorsDevProxy({
    routes: { '/api': { target: upstreamUrl, ws: true } },
    accessLog: false,
  });
  const server = http.createServer((req, res) =>
    proxy.middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  server.on('upgrade', (req, socket, head) => {
    if (!proxy.upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    port: address.port,
    async close() {
      await proxy.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
