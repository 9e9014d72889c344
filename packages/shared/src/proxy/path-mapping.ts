import type { ResolvedRoute } from '../config/options.js';
import { isUnderPrefix } from './match-route.js';

/**
 * Maps a path on a route's target back to the local path the browser would use, or undefined when the upstream
 * path lies outside what the route exposes. Inverse of `route.toUpstreamPath` for the prefix-based mappings.
 */
export function toLocalPath(route: ResolvedRoute, upstreamPath: string): string | undefined {
  if (!isUnderPrefix(upstreamPath, route.upstreamBase)) return undefined;
  const rest = route.upstreamBase === '/' ? upstreamPath : upstreamPath.slice(route.upstreamBase.length);
  if (route.prefix === '/') return rest || '/';
  return `${route.prefix}${rest === '/' ? '' : rest}` || '/';
}
