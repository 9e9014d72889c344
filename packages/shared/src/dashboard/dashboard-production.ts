import { fixForJudgement } from '../audit/audit-message.js';
import type { ProductionAuditor } from '../audit/production-auditor.js';
import { type FrameworkName, frameworkNames } from '../cors/fix-policy.js';
import { elideQuery } from '../redact.js';

/** Allowed, blocked, not decidable, or the declared allowlist and the live API disagree. */
export type ProductionVerdict = 'allowed' | 'blocked' | 'undecided' | 'drift';

const verdictOrder: Record<ProductionVerdict, number> = { blocked: 0, drift: 1, undecided: 2, allowed: 3 };

/**
 * The dashboard's Production section: every request shape with its verdict, Chromium's message, the fixing
 * headers and `framework`'s snippet (the audit's own fix, audit-message.ts), and the allowlist's findings.
 */
export async function describeProduction(auditor: ProductionAuditor | undefined, framework: string | null) {
  if (!auditor) {
    return {
      enabled: false as const,
      frameworks: frameworkNames,
      hint: "Add production: { origin: 'https://app.example.com' } to the cors-dev-proxy options.",
    };
  }
  const production = auditor.production;
  const chosen: FrameworkName =
    framework !== null && (frameworkNames as readonly string[]).includes(framework)
      ? (framework as FrameworkName)
      : (production.framework ?? 'express');
  const judgements = await auditor.judgeAll();
  const replay = auditor.lastReplay();
  const shapes = judgements
    .map((judgement) => {
      const { shape, verdict } = judgement;
      const allowed = verdict?.allowed ?? null;
      const word: ProductionVerdict =
        allowed === false
          ? 'blocked'
          : judgement.drift
            ? 'drift'
            : allowed === true
              ? 'allowed'
              : 'undecided';
      const fix =
        verdict && word !== 'allowed' && word !== 'undecided'
          ? fixForJudgement(judgement, verdict, production, chosen)
          : undefined;
      return {
        key: shape.key,
        method: shape.method,
        path: shape.pathPattern,
        credentials: shape.credentials,
        productionUrl: elideQuery(judgement.url),
        verdict: word,
        corsError: verdict?.corsError ?? null,
        message: verdict?.message ?? null,
        why: allowed === null ? (verdict?.undecided ?? judgement.probeError ?? 'not judged yet') : null,
        drift: judgement.drift ?? null,
        fix: fix
          ? {
              preflightHeaders: fix.preflightHeaders ?? null,
              responseHeaders: fix.responseHeaders,
              advice: fix.advice,
              policyChange: fix.policyChange ?? null,
              snippet: fix.snippet?.code ?? null,
            }
          : null,
      };
    })
    // What needs fixing first: blocked, then drift, undecided, allowed.
    .sort((a, b) => verdictOrder[a.verdict] - verdictOrder[b.verdict] || a.key.localeCompare(b.key));
  return {
    enabled: true as const,
    origin: production.origin,
    mode: auditor.enforcing ? 'enforce' : 'warn',
    framework: chosen,
    frameworks: frameworkNames,
    shapes,
    localOrigin: replay?.localOrigin ?? null,
    findings: (replay?.findings ?? []).map((finding) => ({
      severity: finding.severity,
      origin: finding.origin,
      title: finding.title,
      detail: finding.detail,
      fix: finding.fix,
    })),
  };
}
