import { type CorsDevProxyOptions, resolveOptions } from 'cors-dev-proxy';
import type { DevServerOptions, SetupMiddlewares } from './host-types.js';
import { wireDevServer } from './wire-dev-server.js';
import { wiringRegistry } from './wiring-marks.js';
import { exampleFor, type WiringStyle } from './wiring-style.js';

/**
 * Returns `devServerOptions` with cors-dev-proxy wired in through `setupMiddlewares` (composed with yours,
 * which runs first): the documented path, which works wherever the devServer object reaches the dev server —
 * `webpack serve` on webpack-cli 6, `rspack serve`, `new WebpackDevServer(withCorsDevProxy(opts), compiler)`.
 * Without options it reads cors-dev-proxy.config.*, else adopts the `proxy` entries already there.
 *
 * @example
 * // webpack.config.js
 * const { withCorsDevProxy } = require('@cors-dev-proxy/webpack');
 * module.exports = { devServer: withCorsDevProxy({ port: 8080 }, { routes: { '/api': 'https://api.example.com' } }) };
 */
export function withCorsDevProxy<T extends object>(devServerOptions?: T, options?: CorsDevProxyOptions): T {
  // Validate eagerly: a bad config fails when webpack.config is loaded, naming the option.
  if (options !== undefined) resolveOptions(options, { example: exampleFor('withCorsDevProxy') });
  const base = (devServerOptions ?? {}) as T & DevServerOptions;
  if (base.setupMiddlewares && wiringRegistry().wrappers.has(base.setupMiddlewares)) return base;
  return {
    ...base,
    setupMiddlewares: wrapSetupMiddlewares(base.setupMiddlewares, options, 'withCorsDevProxy'),
  };
}

/** The user's setupMiddlewares (if any) followed by ours; marked as ours so no other copy wraps it again. */
export function wrapSetupMiddlewares(
  previous: SetupMiddlewares | undefined,
  options: CorsDevProxyOptions | undefined,
  style: WiringStyle,
): SetupMiddlewares {
  const setupMiddlewares: SetupMiddlewares = (middlewares, devServer) =>
    wireDevServer(previous ? previous(middlewares, devServer) : middlewares, devServer, options, style);
  wiringRegistry().wrappers.add(setupMiddlewares);
  return setupMiddlewares;
}
