import { auditRecordedShapes } from '../audit/recorded-shapes-audit.js';
import { shapesFilePath } from '../audit/shapes-store.js';
import type { CorsDevProxyOptions } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import type { ProxyLogger } from '../logger.js';

/**
 * At the end of a host's production build (`vite build`, a webpack production build, `ng build`): judges the
 * request shapes recorded in development against production and prints the summary. Returns the error to fail
 * the build with when `failOnProductionCors` is set and a shape would be blocked.
 */
export async function runBuildAudit(
  options: CorsDevProxyOptions,
  root: string,
  logger: ProxyLogger,
): Promise<string | undefined> {
  const resolved = resolveOptions(options);
  const audit = await auditRecordedShapes(resolved, shapesFilePath(root));
  if (!audit) return undefined;
  if (audit.judgements.length === 0) {
    logger.info(
      'no request shapes recorded yet (.cors-dev-proxy/shapes.json): run the dev server and use the app to audit it.',
    );
    return undefined;
  }
  const blocked = audit.summary.blocked.length;
  if (blocked > 0) logger.warn(audit.report);
  else logger.info(audit.report);
  if (resolved.failOnProductionCors && blocked > 0) {
    return `${blocked} request shape(s) would be blocked by CORS in production (see above). Fix the backend's CORS policy, or set failOnProductionCors: false to ship anyway.`;
  }
  return undefined;
}
