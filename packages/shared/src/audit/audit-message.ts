import type { ResolvedProduction } from '../config/production-options.js';
import { type CorsFix, computeFix } from '../cors/fix.js';
import type { FrameworkName } from '../cors/fix-policy.js';
import { readServerPolicy } from '../cors/server-policy.js';
import type { CorsVerdict } from '../cors/types.js';
import { declaredServerPolicy } from './declared-server-policy.js';
import type { ShapeJudgement } from './judge-shape.js';
import type { RequestShape } from './request-shape.js';

/**
 * The headers (and the snippet for `framework`) that make a judged shape pass in production. The declared
 * allowlist is the policy the developer maintains; without one, what production answered: the fix keeps it.
 */
export function fixForJudgement(
  judgement: ShapeJudgement,
  verdict: CorsVerdict,
  production: ResolvedProduction,
  framework: FrameworkName | undefined = production.framework,
): CorsFix {
  const server = production.allowlist
    ? declaredServerPolicy(production.allowlist)
    : readServerPolicy(judgement.probedHops ?? []);
  return computeFix(production.origin, judgement.request, verdict, framework, server);
}

/**
 * The warning for a shape production would block:
 * `In production, PUT /api/orders/:id from https://app.example.com will be blocked: <Chromium's message>.
 * Fix: <headers> (<snippet>)`.
 */
export function formatAuditWarning(judgement: ShapeJudgement, production: ResolvedProduction): string {
  const { shape, verdict } = judgement;
  if (!verdict)
    return `In production, ${shape.method} ${shape.pathPattern} could not be judged: ${judgement.probeError ?? 'no policy'}.`;
  const fix = fixForJudgement(judgement, verdict, production);
  const headers = Object.entries(fix.preflightHeaders ?? fix.responseHeaders)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
  const credentials =
    shape.credentials || shape.credentialsFrom === 'page' ? ` ${credentialsNote(shape)}` : '';
  const snippet = fix.snippet ? `\n${fix.snippet.code.trimEnd()}` : '';
  const drift = judgement.drift ? ` (Note: ${judgement.drift}.)` : '';
  return (
    `In production, ${shape.method} ${shape.pathPattern}${credentials} from ${production.origin} will be blocked: ${verdict.message}` +
    ` Fix: ${headers}${fix.preflightHeaders ? ' on the preflight (OPTIONS → 204), and the same origin headers on every response' : ''}.` +
    `${fix.policyChange ? ` ${fix.policyChange}` : ''}${drift}${snippet}`
  );
}

/**
 * Says how the audit knows whether the production call carries credentials, since the fix differs (only a
 * credentialed call needs `Access-Control-Allow-Credentials`, and a server should not enable it for nothing).
 */
export function credentialsNote(shape: RequestShape): string {
  const api = shape.pageCall?.initiator === 'xhr' ? 'XMLHttpRequest' : 'fetch';
  switch (shape.credentialsFrom) {
    case 'page':
      if (shape.credentials) {
        return `with credentials (the page's ${api === 'fetch' ? "fetch sets credentials: 'include'" : 'XMLHttpRequest sets withCredentials'})`;
      }
      return `without credentials (the page's ${api === 'fetch' ? `fetch uses credentials: '${shape.pageCall?.credentials ?? 'same-origin'}'` : 'XMLHttpRequest leaves withCredentials off'})`;
    case 'option':
      return shape.credentials
        ? "with credentials (production.credentials: 'include')"
        : 'without credentials';
    default:
      return shape.credentials
        ? "with credentials (assumed: the request carried cookies, which a cross-origin page sends only with credentials: 'include'; the page script did not report this call)"
        : 'without credentials';
  }
}
