/**
 * Diagnostic: a minimal proxy inside a Vite dev server, where cors-dev-proxy sits: first on Vite's HTTP server,
 * ahead of Vite's connect stack (see packages/shared/src/host/take-requests-first.ts). Its cost over the bare
 * minimal proxy is what running inside the Vite process adds to each proxied request, whatever the proxy.
 */
import { createMinimalProxyHandler } from './minimal-proxy.mjs';
import { createMinimalUndiciHandler } from './minimal-undici-proxy.mjs';
import { startViteDevServer } from './vite-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const minimalInVite = {
  id: 'minimal-vite',
  label: 'minimal proxy in Vite, ahead of its middleware',
  file: 'minimal-in-vite.mjs',
  proxiesWebSockets: false,
};

/** The same with the minimal undici proxy: cors-dev-proxy's engine, so its row compares with ours directly. */
/** @type {import('./index.mjs').SystemDescriptor} */
export const minimalUndiciInVite = {
  ...minimalInVite,
  id: 'minimal-undici-vite',
  label: 'minimal undici proxy in Vite, ahead of its middleware',
  config: { engine: 'undici' },
};

/** @param {{ upstreamUrl: string, root: string, engine?: 'undici' }} config */
export function start({ upstreamUrl, root, engine }) {
  const proxy =
    engine === 'undici' ? createMinimalUndiciHandler(upstreamUrl) : createMinimalProxyHandler(upstreamUrl);
  /** @type {import('vite').Plugin} */
  const plugin = {
    name: 'bench-minimal-proxy',
    enforce: 'pre',
    configureServer: {
      order: 'pre',
      handler(server) {
        const httpServer = /** @type {import('node:http').Server} */ (server.httpServer);
        const viteApp = /** @type {(req: unknown, res: unknown) => void} */ (
          httpServer.listeners('request')[0]
        );
        httpServer.removeListener('request', viteApp);
        httpServer.on('request', (req, res) => {
          if (req.url?.startsWith('/api/') || req.url === '/api') proxy.handler(req, res);
          else viteApp.call(httpServer, req, res);
        });
      },
    },
  };
  return startViteDevServer({ root, plugins: [plugin] });
}
