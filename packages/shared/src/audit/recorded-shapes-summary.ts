import { auditEndpointPath, dashboardProductionPath } from './audit-path.js';
import type { ShapeJudgement } from './judge-shape.js';

/**
 * The start-up line for shapes recorded in earlier sessions: how many production would block (or whose declared
 * allowlist drifted from production), a few by name, and where the details are. Undefined when all pass.
 */
export function recordedShapesSummary(
  judgements: readonly ShapeJudgement[],
  { dashboard }: { readonly dashboard: boolean },
): string | undefined {
  const blocked = judgements.filter((judgement) => judgement.verdict?.allowed === false);
  const drifted = judgements.filter((judgement) => judgement.verdict?.allowed !== false && judgement.drift);
  if (blocked.length === 0 && drifted.length === 0) return undefined;
  const names = (list: readonly ShapeJudgement[]) => {
    const shown = [...new Set(list.map(({ shape }) => `${shape.method} ${shape.pathPattern}`))];
    return shown.length > 3 ? `${shown.slice(0, 3).join(', ')}, …` : shown.join(', ');
  };
  const plural = (count: number) => (count === 1 ? 'request shape' : 'request shapes');
  const parts = [
    blocked.length > 0 &&
      `${blocked.length} ${plural(blocked.length)} recorded earlier would be blocked in production (${names(blocked)})`,
    drifted.length > 0 &&
      `${drifted.length} ${plural(drifted.length)} judged against a declared allowlist that production no longer matches (${names(drifted)})`,
  ].filter(Boolean);
  const where = dashboard
    ? `the dashboard (${dashboardProductionPath} on this dev server) or \`npx cors-dev-proxy audit\``
    : `\`npx cors-dev-proxy audit\`, or ${auditEndpointPath} on this dev server`;
  return `${parts.join('; ')}. Details and fixes: ${where}.`;
}
