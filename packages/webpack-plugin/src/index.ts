/**
 * @cors-dev-proxy/webpack: cors-dev-proxy for webpack-dev-server 5 and 6 and Rspack's dev server. Glue over the
 * host kit (`cors-dev-proxy/host`); the behaviour is the core's.
 */
export type { CorsDevProxyOptions, RouteOptions } from 'cors-dev-proxy';
export { CorsDevProxyPlugin } from './plugin.js';
export { withCorsDevProxy } from './with-cors-dev-proxy.js';
