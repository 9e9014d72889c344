import type { ResolvedProduction } from '../config/production-options.js';
import { formatAuditWarning } from './audit-message.js';
import type { ShapeJudgement } from './judge-shape.js';

export interface AuditSummary {
  readonly blocked: readonly ShapeJudgement[];
  readonly allowed: readonly ShapeJudgement[];
  /** Not decidable: the probe could not send the actual request and nothing was declared, or the probe failed. */
  readonly undecided: readonly ShapeJudgement[];
}

export function summarizeJudgements(judgements: readonly ShapeJudgement[]): AuditSummary {
  return {
    blocked: judgements.filter((judgement) => judgement.verdict?.allowed === false),
    allowed: judgements.filter((judgement) => judgement.verdict?.allowed === true),
    undecided: judgements.filter((judgement) => judgement.verdict?.allowed == null),
  };
}

/** Plain-text audit report: one line per shape, then the details of each blocked one. Used by builds and the CLI. */
export function formatAuditReport(
  judgements: readonly ShapeJudgement[],
  production: ResolvedProduction,
): string {
  const summary = summarizeJudgements(judgements);
  const line = (judgement: ShapeJudgement) => {
    const mark = judgement.verdict?.allowed === true ? '✔' : judgement.verdict?.allowed === false ? '✖' : '?';
    const why =
      judgement.verdict?.allowed === false
        ? ` — ${judgement.verdict.corsError}`
        : judgement.verdict?.allowed == null
          ? ` — ${judgement.verdict?.undecided ?? judgement.probeError ?? 'not judged'}`
          : '';
    return `  ${mark} ${judgement.shape.key} → ${judgement.url}${why}`;
  };
  const sorted = [...judgements].sort((a, b) => a.shape.key.localeCompare(b.shape.key));
  const lines = [
    `Production CORS audit for ${production.origin}: ${summary.blocked.length} blocked, ${summary.allowed.length} allowed, ${summary.undecided.length} undecided (${judgements.length} request shapes).`,
    ...sorted.map(line),
  ];
  for (const judgement of summary.blocked) lines.push('', formatAuditWarning(judgement, production));
  return lines.join('\n');
}
