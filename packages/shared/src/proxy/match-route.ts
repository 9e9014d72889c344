import type { ResolvedRoute } from '../config/options.js';

/** The path part of a request target, without query or fragment. */
export function pathnameOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** True when `pathname` is the prefix itself or below it on a segment boundary (`/api` → `/api/x`, not `/apix`). */
export function isUnderPrefix(pathname: string, prefix: string): boolean {
  if (prefix === '/') return pathname.startsWith('/');
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * The route that handles a request URL, or undefined. `routes` is sorted longest prefix first (see
 * resolveOptions), so the first hit is the most specific.
 */
export function matchRoute(routes: readonly ResolvedRoute[], url: string): ResolvedRoute | undefined {
  const pathname = pathnameOf(url);
  return routes.find((route) => isUnderPrefix(pathname, route.prefix));
}
