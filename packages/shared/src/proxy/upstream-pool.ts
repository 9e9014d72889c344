import type { Socket } from 'node:net';
import { buildConnector, type Dispatcher, Pool } from 'undici';
import type { ResolvedRoute } from '../config/options.js';
import { envProxyDispatcherFor } from '../outbound/env-proxy.js';
import type { UpstreamReachability } from './upstream-reachability.js';

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
export function createUpstreamPool(route: ResolvedRoute, reachability: UpstreamReachability): Dispatcher {
  const tls = { rejectUnauthorized: route.secure, ...(route.ca ? { ca: route.ca } : {}) };
  const proxied = envProxyDispatcherFor(route.target, tls);
  if (proxied) return proxied;
  // No connect timeout of undici's own (10 s by default): the route's timeoutMs answers a hanging connect, as
  // it answers a hanging upstream, with the same diagnosis.
  const connectOnce = buildConnector({ ...tls, timeout: 0 });
  return new Pool(route.target.origin, {
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
