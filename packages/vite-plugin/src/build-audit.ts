import {
  type CorsDevProxyOptions,
  formatAuditReport,
  judgeRecordedShapes,
  readShapes,
  resolveOptions,
  shapesFilePath,
  summarizeJudgements,
} from 'cors-dev-proxy';
import type { Logger } from 'vite';

/**
 * At the end of `vite build`: judges the request shapes recorded in development against production and prints
 * the summary. Returns an error message when `failOnProductionCors` is set and a shape would be blocked.
 */
export async function runBuildAudit(
  options: CorsDevProxyOptions,
  root: string,
  logger: Logger,
): Promise<string | undefined> {
  const resolved = resolveOptions(options);
  const production = resolved.production;
  if (!production || resolved.mode === 'off') return undefined;
  const shapes = await readShapes(shapesFilePath(root));
  if (shapes.length === 0) {
    logger.info(
      '[cors-dev-proxy] no request shapes recorded yet (.cors-dev-proxy/shapes.json): run the dev server and use the app to audit it.',
    );
    return undefined;
  }
  const judgements = await judgeRecordedShapes(shapes, resolved.routes, production);
  const summary = summarizeJudgements(judgements);
  const report = formatAuditReport(judgements, production);
  if (summary.blocked.length > 0) logger.warn(`[cors-dev-proxy] ${report}`);
  else logger.info(`[cors-dev-proxy] ${report}`);
  if (resolved.failOnProductionCors && summary.blocked.length > 0) {
    return `${summary.blocked.length} request shape(s) would be blocked by CORS in production (see above). Fix the backend's CORS policy, or set failOnProductionCors: false to ship anyway.`;
  }
  return undefined;
}
