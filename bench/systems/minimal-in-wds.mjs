/**
 * Diagnostic: the minimal keep-alive proxy inside webpack-dev-server 6, where cors-dev-proxy sits (a named
 * entry of setupMiddlewares, just before wds's compression; see packages/webpack-plugin/src/wire-dev-server.ts).
 * Its cost over the bare minimal proxy is what running inside the wds process (Express, its checks, the
 * compiler's watcher) adds to each proxied request, whatever the proxy.
 */
import { createMinimalProxyHandler } from './minimal-proxy.mjs';
import { startWebpackDevServer, webpackHostUnavailableReason } from './webpack-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const minimalInWds = {
  id: 'minimal-wds',
  label: 'minimal proxy in wds 6, before its compression',
  file: 'minimal-in-wds.mjs',
  proxiesWebSockets: false,
  unavailableReason: webpackHostUnavailableReason,
};

/** @param {{ upstreamUrl: string, root: string }} config */
export function start({ upstreamUrl, root }) {
  const proxy = createMinimalProxyHandler(upstreamUrl);
  /** @param {{ name?: string }[]} middlewares */
  const setupMiddlewares = (middlewares) => {
    const at = middlewares.findIndex((entry) => entry.name === 'compression');
    middlewares.splice(Math.max(at, 0), 0, {
      name: 'bench-minimal-proxy',
      /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {() => void} next */
      middleware(req, res, next) {
        if (req.url?.startsWith('/api/') || req.url === '/api') proxy.handler(req, res);
        else next();
      },
    });
    return middlewares;
  };
  return startWebpackDevServer({ root, devServer: { setupMiddlewares } });
}
