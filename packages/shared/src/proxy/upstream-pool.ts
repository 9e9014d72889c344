import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import type { ResolvedRoute } from '../config/options.js';
import { envProxyDispatcherFor } from '../outbound/env-proxy.js';
import type { UpstreamReachability } from './upstream-reachability.js';

type Undici = typeof import('undici');
let undiciLoading: Promise<Undici> | undefined;

/**
 * undici, imported with the first proxied request rather than with the plugin: importing it costs ~150 ms on
 * the bench machine, which every dev-server start would pay, most before any request is proxied (BENCHMARKS.md,
 * issue 16). http-proxy-middleware is loaded with the first WebSocket upgrade for the same reason.
 */
export function loadUndici(): Promise<Undici> {
  undiciLoading ??= import('undici');
  return undiciLoading;
}

/** What the forwarder needs of a route's pool: one request dispatched, and closing. */
export interface UpstreamDispatcher {
  /** As undici's `Dispatcher.dispatch`; every failure (a module that did not load too) reaches `handler.onError`. */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void;
  destroy(): Promise<void>;
}

/**
 * One undici connection pool per route for its HTTP requests. Reusing upstream connections is the single
 * biggest speed difference to Vite's `server.proxy`, which opens a new TCP (and TLS) connection for every
 * request; undici's pool and parser then cost less per request than `http.request` on a keep-alive agent
 * (BENCHMARKS.md, issue 16).
 *
 * Through a corporate proxy when the environment says so (env-proxy.ts); otherwise directly, its connections
 * opened through the route's reachability (upstream-reachability.ts), so a starting backend is waited for and
 * a stopped one answered at once. TLS (`secure`, `ca`, else Node's roots with NODE_EXTRA_CA_CERTS) is the
 * route's, as for its WebSocket agent.
 */
export function createUpstreamPool(
  route: ResolvedRoute,
  reachability: UpstreamReachability,
): UpstreamDispatcher {
  let pool: Dispatcher | undefined;
  let pending: Promise<Dispatcher> | undefined;
  let closed = false;
  const fail = (handler: Dispatcher.DispatchHandler, error: unknown) =>
    handler.onError?.(error instanceof Error ? error : new Error(String(error)));
  const send = (
    dispatcher: Dispatcher,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ) => {
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      // undici reports what it refuses through onError; this is for anything that still throws.
      fail(handler, error);
    }
  };
  return {
    dispatch(options, handler) {
      if (pool) return send(pool, options, handler);
      pending ??= loadUndici().then((undici) => {
        pool = openPool(undici, route, reachability);
        return pool;
      });
      pending.then(
        (dispatcher) =>
          closed ? fail(handler, new Error('the dev server is closing')) : send(dispatcher, options, handler),
        (error: unknown) => fail(handler, error),
      );
    },
    async destroy() {
      closed = true;
      const dispatcher = pool ?? (await pending?.catch(() => undefined));
      await dispatcher?.destroy();
    },
  };
}

function openPool(undici: Undici, route: ResolvedRoute, reachability: UpstreamReachability): Dispatcher {
  const tls = { rejectUnauthorized: route.secure, ...(route.ca ? { ca: route.ca } : {}) };
  const proxied = envProxyDispatcherFor(undici, route.target, tls);
  if (proxied) return proxied;
  // No connect timeout of undici's own (10 s by default): the route's timeoutMs answers a hanging connect, as
  // it answers a hanging upstream, with the same diagnosis.
  const connectOnce = undici.buildConnector({ ...tls, timeout: 0 });
  return new undici.Pool(route.target.origin, {
    // As many as the browser needs at once, as Node's agent allowed: a cap would queue requests behind
    // long-lived event streams.
    connections: null,
    // Our own time limits apply instead: timeoutMs until the upstream starts answering (route-handler.ts),
    // none once a stream has started.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: (options, callback) =>
      reachability.connect<Socket>(
        (done) => connectOnce(options, (error, socket) => done(error, socket ?? undefined)),
        (error, socket) => (error ? callback(error, null) : callback(null, socket as Socket)),
      ),
  });
}
