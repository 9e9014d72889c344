import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedRoute } from '../config/options.js';
import { fieldsNamedInConnection } from './connection-options.js';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and must not be forwarded. `upgrade` and
 * `connection` are kept for WebSocket handshakes by the caller.
 */
export const hopByHopHeaders = [
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
] as const;

const droppedOnUpgrades: ReadonlySet<string> = new Set(hopByHopHeaders);
const droppedOnPlainRequests: ReadonlySet<string> = new Set([
  ...hopByHopHeaders,
  'connection',
  'upgrade',
  'http2-settings',
  // Framing and its handshake belong to one hop too: the forwarder frames the body itself (chunked when its
  // length is unknown), and the dev server has already answered `Expect: 100-continue` to the browser.
  'transfer-encoding',
  'expect',
]);

/**
 * Headers to send upstream, derived from the browser's. With `changeOrigin`, `Host`, `Origin` and `Referer`
 * are rewritten to the target: many backends reject requests whose Origin is a foreign localhost (CSRF and
 * CORS checks), which is the bug Vite and webpack users hit most. The route's own `headers` come last.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  route: ResolvedRoute,
  isUpgrade = false,
): IncomingHttpHeaders {
  // Headers the client marked hop-by-hop in Connection are for this hop only (RFC 9110 §7.6.1); and an Upgrade
  // on a plain request is how h2c smuggling slips a second protocol past a proxy. WebSocket handshakes keep
  // Connection and Upgrade.
  let dropped = isUpgrade ? droppedOnUpgrades : droppedOnPlainRequests;
  const connection = isUpgrade ? undefined : headers.connection;
  if (connection) {
    for (const name of fieldsNamedInConnection(connection)) {
      // Copied only in this rare case, so the common request allocates no set.
      if (!dropped.has(name)) dropped = new Set([...dropped, name]);
    }
  }
  // A fresh object rather than a copy with deletes: deleting keeps V8 from optimising it (hot path).
  const result: IncomingHttpHeaders = {};
  for (const name in headers) {
    // HTTP/2 pseudo-headers (`:authority`, `:path`… from Vite with https) are not headers on HTTP/1.1.
    if (!dropped.has(name) && name.charCodeAt(0) !== 58 /* ':' */) result[name] = headers[name];
  }
  // HTTP/2 names the host in :authority; HTTP/1.1 needs it as Host (kept as is without changeOrigin).
  if (result.host === undefined && typeof headers[':authority'] === 'string') {
    result.host = headers[':authority'];
  }
  if (route.changeOrigin) {
    // URL.host carries the port only when it is not the protocol's default, as a Host header should.
    result.host = route.target.host;
    if (result.origin !== undefined && result.origin !== 'null') result.origin = route.target.origin;
    if (typeof result.referer === 'string') result.referer = rewriteReferer(result.referer, route);
  }
  for (const name in route.headers) result[name] = route.headers[name];
  return result;
}

function rewriteReferer(referer: string, route: ResolvedRoute): string {
  try {
    const url = new URL(referer);
    // A page path (e.g. "/settings") is not on the upstream; only the origin is meaningful there.
    const path = `${url.pathname}${url.search}`;
    const mapped =
      url.pathname === route.prefix || url.pathname.startsWith(`${route.prefix}/`)
        ? route.toUpstreamPath(path)
        : '/';
    return `${route.target.origin}${mapped}`;
  } catch {
    return route.target.origin;
  }
}
