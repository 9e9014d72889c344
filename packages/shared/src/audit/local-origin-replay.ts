import type { ResolvedOptions } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';
import type { WarningChannel } from '../warnings.js';
import { allowlistResponder, assessOrigins, type OriginFinding } from './origin-findings.js';
import { sendOriginProbe } from './origin-probe.js';
import { productionUrlFor } from './production-url.js';

/**
 * Replays the production allowlist with the local dev origin and crafted hostile origins, and reports what it
 * admits: whether the app could call the API directly without the proxy, and security findings (reflection,
 * `null`, `http:`, look-alike origins), worst first. Each finding is reported once on the warning channel.
 */
export async function replayAllowlistWithOrigins(
  options: ResolvedOptions,
  production: ResolvedProduction,
  localOrigin: string,
  warnings: WarningChannel,
): Promise<OriginFinding[]> {
  // The declared allowlist when there is one (no traffic); otherwise each route's production base URL.
  // WebSocket routes are not replayed: browsers send no preflight and check no CORS header for them.
  // Routes that do not exist in production (`targets: { '/mock': false }`) have no allowlist to replay.
  const routes = options.routes.filter((route) => !production.devOnlyRoutes.has(route.prefix));
  const httpRoutes = routes.filter((route) => !production.websocketRoutes.has(route.prefix));
  const socketRoutes = routes.filter((route) => production.websocketRoutes.has(route.prefix));
  if (socketRoutes.length > 0 && !production.allowlist) {
    warnings.report({
      id: 'origin-replay-websockets',
      level: 'info',
      message: `Left out of the CORS replay: ${socketRoutes.map((route) => route.prefix).join(', ')} (WebSocket route${socketRoutes.length > 1 ? 's' : ''}: browsers apply no CORS to WebSockets). Each socket the app opens is judged instead by whether production accepts its upgrade from ${production.origin}, and refuses it from other sites.`,
    });
  }
  const subjects = production.allowlist
    ? [{ label: 'production.allowlist', responder: allowlistResponder(production.allowlist) }]
    : [...new Set(httpRoutes.map((route) => productionUrlFor(route.prefix, route, production)))].map(
        (url) => ({
          label: url,
          responder: (origin: string, kind: 'preflight' | 'actual') =>
            sendOriginProbe(new URL(url), origin, kind, 10_000),
        }),
      );
  const findings: OriginFinding[] = [];
  for (const subject of subjects) {
    try {
      const assessment = await assessOrigins(subject.responder, {
        productionOrigin: production.origin,
        localOrigin,
      });
      for (const finding of assessment.findings) {
        findings.push(finding);
        const serious =
          finding.severity === 'critical' || finding.severity === 'high' || finding.severity === 'medium';
        warnings.report({
          id: `origin:${subject.label}:${finding.id}:${finding.origin}`,
          ...(serious ? {} : { level: 'info' as const }),
          message: `${serious ? `Security (${finding.severity}): ` : ''}production CORS of ${subject.label}: ${finding.title}. ${finding.detail}${serious ? ` Fix: ${finding.fix}` : ''}`,
        });
      }
    } catch (error) {
      warnings.report({
        id: `origin-replay-failed:${subject.label}`,
        level: 'info',
        message: `Could not replay the production allowlist of ${subject.label}: ${(error as Error).message}.`,
      });
    }
  }
  return findings;
}
