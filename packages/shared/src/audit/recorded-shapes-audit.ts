import type { ResolvedOptions } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';
import { type AuditSummary, formatAuditReport, summarizeJudgements } from './audit-report.js';
import { judgeRecordedShapes, type ShapeJudgement } from './judge-shape.js';
import { readShapes } from './shapes-store.js';

export interface RecordedShapesAudit {
  readonly shapesFile: string;
  readonly production: ResolvedProduction;
  readonly judgements: readonly ShapeJudgement[];
  readonly summary: AuditSummary;
  /** The plain-text report (audit-report.ts); empty when no shape was recorded. */
  readonly report: string;
}

/**
 * Judges the request shapes recorded in development against production: the one implementation behind every
 * host's production build (`vite build`, webpack, `ng build`) and `cors-dev-proxy audit`. Undefined when there is
 * no production to judge against (no `production`, or `mode: 'off'`).
 */
export async function auditRecordedShapes(
  options: ResolvedOptions,
  shapesFile: string,
  onJudged?: (judged: number, total: number) => void,
): Promise<RecordedShapesAudit | undefined> {
  const production = options.production;
  if (!production || options.mode === 'off') return undefined;
  const shapes = await readShapes(shapesFile);
  const routes = options.routes.filter((route) => !production.devOnlyRoutes.has(route.prefix));
  const judgements = await judgeRecordedShapes(shapes, routes, production, onJudged);
  return {
    shapesFile,
    production,
    judgements,
    summary: summarizeJudgements(judgements),
    report: shapes.length === 0 ? '' : formatAuditReport(judgements, production),
  };
}
