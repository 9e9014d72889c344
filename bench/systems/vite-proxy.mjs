/** Vite 8's own `server.proxy` (http-proxy-3), configured as its docs show, WebSockets on. */
import { startViteDevServer } from './vite-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const viteProxy = {
  id: 'vite',
  label: 'Vite server.proxy',
  file: 'vite-proxy.mjs',
  proxiesWebSockets: true,
};

/** @param {{ upstreamUrl: string, root: string }} config */
export function start({ upstreamUrl, root }) {
  return startViteDevServer({
    root,
    proxy: { '/api': { target: upstreamUrl, changeOrigin: true, ws: true } },
  });
}
