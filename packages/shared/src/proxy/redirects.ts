import type { ResolvedRoute } from '../config/options.js';
import type { LocalOrigin } from './local-origin.js';
import { toLocalPath } from './path-mapping.js';

/**
 * Rewrites a URL the upstream sent (Location, Content-Location, Link) so it points at the local origin when it
 * names a path that one of our routes exposes. Only URLs on a route's target origin are touched, so a redirect
 * to a third party (an OAuth provider, a CDN) is left alone. Returns the input unchanged when nothing applies.
 *
 * @param currentRoute the route that proxied this response: relative URLs are resolved against its target.
 */
export function rewriteUpstreamUrl(
  value: string,
  currentRoute: ResolvedRoute,
  routes: readonly ResolvedRoute[],
  origin: LocalOrigin,
): string {
  let url: URL;
  try {
    url = new URL(value, currentRoute.target);
  } catch {
    return value;
  }
  const isRelative = !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value);
  // Prefer the current route, then the most specific other route on the same upstream origin.
  const candidates = [currentRoute, ...routes.filter((route) => route !== currentRoute)];
  for (const route of candidates) {
    if (route.target.origin !== url.origin) continue;
    const localPath = toLocalPath(route, url.pathname);
    if (localPath === undefined) continue;
    const rest = `${localPath}${url.search}${url.hash}`;
    // Keep relative URLs relative: the browser resolves them against the local page already.
    return isRelative && value.startsWith('/') ? rest : `${origin.origin}${rest}`;
  }
  return value;
}

/** Rewrites each `<url>` of a Link header; parameters are kept as they are. */
export function rewriteLinkHeader(
  value: string,
  currentRoute: ResolvedRoute,
  routes: readonly ResolvedRoute[],
  origin: LocalOrigin,
): string {
  return value.replace(
    /<([^>]*)>/g,
    (_match, url: string) => `<${rewriteUpstreamUrl(url, currentRoute, routes, origin)}>`,
  );
}
