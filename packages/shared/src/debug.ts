import createDebug from 'debug';

/**
 * Tracing for bug reports: `DEBUG=cors-dev-proxy:* vite`. Off by default and free when off. The `debug`
 * package is what http-proxy-middleware (our WebSocket engine) uses too, so
 * `DEBUG=cors-dev-proxy:*,http-proxy-middleware*` traces both layers of a proxied WebSocket in one stream.
 */
export const traceProxy = createDebug('cors-dev-proxy:proxy');
