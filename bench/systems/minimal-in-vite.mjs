/**
 * Diagnostic: the minimal keep-alive proxy registered as a Vite middleware where cors-dev-proxy registers its
 * own (configureServer, `pre`). Its cost over the bare minimal proxy is what the Vite dev server itself adds to
 * each proxied request, whatever the proxy.
 */
import { createMinimalProxyHandler } from './minimal-proxy.mjs';
import { startViteDevServer } from './vite-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const minimalInVite = {
  id: 'minimal-vite',
  label: 'minimal proxy as a Vite middleware',
  file: 'minimal-in-vite.mjs',
  proxiesWebSockets: false,
};

/** @param {{ upstreamUrl: string, root: string }} config */
export function start({ upstreamUrl, root }) {
  const proxy = createMinimalProxyHandler(upstreamUrl);
  /** @type {import('vite').Plugin} */
  const plugin = {
    name: 'bench-minimal-proxy',
    enforce: 'pre',
    configureServer: {
      order: 'pre',
      handler(server) {
        server.middlewares.use((req, res, next) => {
          if (req.url?.startsWith('/api/') || req.url === '/api') proxy.handler(req, res);
          else next();
        });
      },
    },
  };
  return startViteDevServer({ root, plugins: [plugin] });
}
