/**
 * Checks on the request target before anything is matched or forwarded. The dev server is reachable by every
 * page the developer opens, so the proxy must never become an open proxy or a way around a route's mapping.
 */
export type TargetProblem =
  | { readonly kind: 'absolute-form'; readonly message: string }
  | { readonly kind: 'dot-segment'; readonly message: string };

/**
 * Absolute-form targets (`GET http://evil.test/ HTTP/1.1`) are what forward proxies receive; a dev server
 * never needs them, and answering them would make it an open proxy.
 */
export function checkRequestTarget(url: string): TargetProblem | undefined {
  if (!url.startsWith('/')) {
    return {
      kind: 'absolute-form',
      message:
        'cors-dev-proxy is not a forward proxy: only origin-form request targets (starting with "/") are accepted.',
    };
  }
  if (hasDotSegment(url)) {
    return {
      kind: 'dot-segment',
      message:
        'The path contains "." or ".." segments (plain or percent-encoded). Browsers remove them before sending, so this request did not come from a page, and forwarding it could reach a path outside the route.',
    };
  }
  return undefined;
}

/**
 * True when a path has a `.` or `..` segment, also when the dots or the separators are percent-encoded
 * (`%2e%2e`, `..%2f`, `..%5c`): upstreams that decode before resolving would otherwise walk out of the
 * route's mapping (`/api/..%2fadmin` → `/admin`).
 */
export function hasDotSegment(url: string): boolean {
  // Hot path: almost no URL contains a dot, a percent sign or a backslash at all.
  if (!/[.%\\]/.test(url)) return false;
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const decoded = path.replace(/%2e/gi, '.').replace(/%2f|%5c|\\/gi, '/');
  return decoded.split('/').some((segment) => segment === '.' || segment === '..');
}

/**
 * Collapses repeated slashes in the path (`/api//admin` → `/api/admin`); the query is left alone. Upstream
 * frameworks disagree on what `//x` means (a path, or a protocol-relative URL naming host `x`), so the proxy
 * never forwards one.
 */
export function collapseSlashes(url: string): string {
  if (!url.includes('//')) return url;
  const queryAt = url.search(/[?#]/);
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const rest = queryAt === -1 ? '' : url.slice(queryAt);
  return `${path.replace(/\/{2,}/g, '/')}${rest}`;
}
