import type { ResolvedRoute } from '../config/options.js';

/** A route's target as the page might call it directly, and what the warning tells the developer to do. */
export interface DirectCallTarget {
  /** The target's origin (`http://127.0.0.1:8080`): never its path, user info or query. */
  readonly origin: string;
  /** The path on the target that the route's prefix maps to (`ResolvedRoute.upstreamBase`). */
  readonly base: string;
  /** The route's local prefix (`/api`). */
  readonly prefix: string;
  /** The host-specific end of the fix, e.g. "apiUrl: '/api' in src/environments/environment.ts". */
  readonly fix: string;
}

/**
 * Where the host's users keep the API's base URL, for the fix in the warning: `(prefix, origin) => text`.
 * Hosts with a convention say so (Angular: environment.ts); the default names none.
 */
export type DirectCallFix = (prefix: string, origin: string) => string;

export const defaultDirectCallFix: DirectCallFix = (prefix, origin) =>
  `a base URL of '${prefix}' in the app's config instead of '${origin}'`;

/**
 * The targets a page could call past the proxy: every route's, the most specific mapping first, and among
 * equals the route that keeps the path as it is (`/api` → `…/api`), whose local URL reads like the direct one.
 */
export function directCallTargets(
  routes: readonly ResolvedRoute[],
  fix: DirectCallFix = defaultDirectCallFix,
): DirectCallTarget[] {
  return routes
    .map((route) => {
      // A ws:// target is the same server the page would reach over http:// (and wss:// over https://).
      const origin = route.target.origin.replace(/^ws/, 'http');
      return { origin, base: route.upstreamBase, prefix: route.prefix, fix: fix(route.prefix, origin) };
    })
    .sort(
      (a, b) => b.base.length - a.base.length || Number(b.prefix === b.base) - Number(a.prefix === a.base),
    );
}

/**
 * Browser code, a statement run where `print` (warning-printer.ts) is in scope: when the page calls a route's
 * target itself (`fetch('http://127.0.0.1:8080/orders')`, typically an absolute `apiUrl` in the app's
 * environment file), it says so once per target origin, with the relative URL that goes through the proxy.
 * Such a call is cross-origin, so CORS applies, and the backend's cookies stay on the backend's origin:
 * everything the proxy fixes is bypassed, and the production audit never sees it.
 *
 * It wraps `fetch`, `XMLHttpRequest.open` and `EventSource` without changing a call: the original runs with the
 * same arguments, and any failure of the check is swallowed. WebSockets are left alone (CORS does not apply to
 * them). Only the origin and path are printed, never the query.
 */
export function directCallWarnerCode(targets: readonly DirectCallTarget[]): string {
  if (targets.length === 0) return '';
  return `
(() => {
  const marker = Symbol.for('cors-dev-proxy.direct-call-warner');
  if (typeof window === 'undefined' || window[marker]) return;
  window[marker] = true;
  const targets = ${JSON.stringify(targets)};
  const check = (method, url) => {
    try {
      const called = new URL(String(url), location.href);
      const origin = called.origin.replace(/^ws/, 'http');
      if (origin === location.origin) return;
      const under = (path, base) => base === '/' || path === base || path.startsWith(base + '/');
      const path = called.pathname;
      const target =
        targets.find((entry) => entry.origin === origin && under(path, entry.base)) ||
        targets.find((entry) => entry.origin === origin);
      if (!target) return;
      const mapped = under(path, target.base);
      const rest = target.base === '/' ? path : path.slice(target.base.length);
      const local = mapped ? (target.prefix === '/' ? rest || '/' : target.prefix + (rest === '/' ? '' : rest)) : undefined;
      print({
        id: "direct-call:" + origin,
        level: "warn",
        message:
          method + " " + origin + path + " went to the backend directly, past the proxy: the browser applies CORS to it, and the backend's cookies stay on its own origin. " +
          (local
            ? "Call it relatively, as '" + local + "' (the route '" + target.prefix + "' forwards it to " + origin + "): e.g. " + target.fix + "."
            : "No route exposes " + path + " on " + origin + "; add one to routes and call it relatively."),
      });
    } catch {}
  };
  const originalFetch = window.fetch;
  if (typeof originalFetch === 'function') {
    window.fetch = function fetch(input, init) {
      try {
        const request = input instanceof Request ? input : undefined;
        const method = (init && init.method) || (request ? request.method : 'GET');
        check(String(method).toUpperCase(), request ? request.url : input instanceof URL ? input.href : input);
      } catch {}
      return originalFetch.apply(this, arguments);
    };
  }
  const XHR = window.XMLHttpRequest;
  if (typeof XHR === 'function') {
    const open = XHR.prototype.open;
    XHR.prototype.open = function (method, url) {
      check(String(method).toUpperCase(), url);
      return open.apply(this, arguments);
    };
  }
  const OriginalEventSource = window.EventSource;
  if (typeof OriginalEventSource === 'function') {
    const EventSource = function EventSource(url) {
      check('GET', url);
      return Reflect.construct(OriginalEventSource, arguments, new.target || EventSource);
    };
    EventSource.prototype = OriginalEventSource.prototype;
    Object.setPrototypeOf(EventSource, OriginalEventSource);
    window.EventSource = EventSource;
  }
})();
`;
}
