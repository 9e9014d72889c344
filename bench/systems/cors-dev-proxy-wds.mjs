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

/** @param {{ upstreamUrl: string, root: string }} config */
export async function start({ upstreamUrl, root }) {
  // webpack and wds first, so the time below is the adapter's own import (they are loaded in every variant).
  await importWebpackHost();
  const importStartedAt = performance.now();
  const { withCorsDevProxy } = await import(pathToFileURL(builtWebpackPluginEntry).href);
  const importMs = performance.now() - importStartedAt;
  const server = await startWebpackDevServer({
    root,
    devServer: withCorsDevProxy({}, { routes: { '/api': { target: upstreamUrl, ws: true } } }),
  });
  return { ...server, importMs };
}
