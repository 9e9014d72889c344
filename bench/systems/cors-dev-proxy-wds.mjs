/**
 * cors-dev-proxy in webpack-dev-server 6 as users run it: the BUILT `@cors-dev-proxy/webpack`
 * (packages/webpack-plugin/dist), `withCorsDevProxy(devServer, options)` with the same options as the Vite
 * system (cors-dev-proxy.mjs): default options, access log on, written through webpack's infrastructure logger.
 */
import { pathToFileURL } from 'node:url';
import { builtWebpackPluginEntry } from '../resolve-package.mjs';
import { importWebpackHost, startWebpackDevServer, webpackHostUnavailableReason } from './webpack-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyWds = {
  id: 'cdp-wds',
  label: 'cors-dev-proxy (wds 6)',
  file: 'cors-dev-proxy-wds.mjs',
  proxiesWebSockets: true,
  unavailableReason: webpackHostUnavailableReason,
};

/** The same, with `accessLog: false`: what the log through webpack's infrastructure logger costs. */
/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyWdsNoLog = {
  ...corsDevProxyWds,
  id: 'cdp-wds-nolog',
  label: 'cors-dev-proxy (wds 6), accessLog off',
  config: { accessLog: false },
};

/** @param {{ upstreamUrl: string, root: string, accessLog?: boolean }} config */
export async function start({ upstreamUrl, root, accessLog }) {
  // webpack and wds first, so the time below is the adapter's own import (they are loaded in every variant).
  await importWebpackHost();
  const importStartedAt = performance.now();
  const { withCorsDevProxy } = await import(pathToFileURL(builtWebpackPluginEntry).href);
  const importMs = performance.now() - importStartedAt;
  const server = await startWebpackDevServer({
    root,
    devServer: withCorsDevProxy(
      {},
      {
        routes: { '/api': { target: upstreamUrl, ws: true } },
        ...(accessLog === undefined ? {} : { accessLog }),
      },
    ),
  });
  return { ...server, importMs };
}
