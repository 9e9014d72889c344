import type { ResolvedRoute } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';

/**
 * The URL a production page calls for a local path: the route's own mapping (rewrite included) applied to the
 * production target instead of the dev target. `/api/orders/42` with `rewrite: ''` and production target
 * `https://api.example.com/v1` → `https://api.example.com/v1/orders/42`.
 */
export function productionUrlFor(
  localPathAndQuery: string,
  route: ResolvedRoute,
  production: ResolvedProduction,
): string {
  const target = production.targets.get(route.prefix) ?? route.target;
  const upstreamPath = route.toUpstreamPath(localPathAndQuery);
  const devBase = route.target.pathname === '/' ? '' : route.target.pathname;
  const rest =
    devBase && upstreamPath.startsWith(devBase) ? upstreamPath.slice(devBase.length) || '/' : upstreamPath;
  const base = target.pathname === '/' ? '' : target.pathname.replace(/\/+$/, '');
  return `${target.origin}${base}${rest.startsWith('/') ? rest : `/${rest}`}`;
}
