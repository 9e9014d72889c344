/**
 * webpack-dev-server 6's own `proxy` (http-proxy-middleware 4), configured as its docs show, WebSockets on,
 * `compress` left on (its default): it sits after wds's compression middleware.
 */
import { startWebpackDevServer, webpackHostUnavailableReason } from './webpack-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const webpackDevServerProxy = {
  id: 'wds',
  label: 'webpack-dev-server proxy',
  file: 'webpack-dev-server.mjs',
  proxiesWebSockets: true,
  buffersEventStreams: 'buffered behind `compress` (wds default)',
  unavailableReason: webpackHostUnavailableReason,
};

/** @param {{ upstreamUrl: string, root: string }} config */
export function start({ upstreamUrl, root }) {
  return startWebpackDevServer({
    root,
    devServer: { proxy: [{ context: ['/api'], target: upstreamUrl, changeOrigin: true, ws: true }] },
  });
}
