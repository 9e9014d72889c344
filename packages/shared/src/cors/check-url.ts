import { type CorsFix, computeFix } from './fix.js';
import type { FrameworkName } from './fix-policy.js';
import { type LiveCheckResult, liveCheck } from './live-check.js';
import { readServerPolicy } from './server-policy.js';
import type { CorsRequest, CorsVerdict } from './types.js';

export interface CheckUrlInput {
  readonly pageOrigin: string;
  readonly request: CorsRequest;
  readonly sendActual: boolean;
  readonly timeoutMs?: number | undefined;
  readonly framework?: FrameworkName | undefined;
}

export interface CheckUrlOutcome {
  readonly verdict: CorsVerdict;
  readonly fix: CorsFix;
  readonly result: LiveCheckResult;
  /** The machine-readable report: `cors-dev-proxy check --json` prints it, the dashboard shows it. */
  readonly report: CheckReport;
}

export type CheckReport = ReturnType<typeof checkReport>;

/**
 * The live check of `cors-dev-proxy check` (the command and the dashboard's "check a URL" run this): sends the
 * preflight and (when safe, or asked) the actual request as Chromium would, and works out the fix. Rejects with
 * NetworkFailure when the server never answered.
 */
export async function checkUrl(input: CheckUrlInput): Promise<CheckUrlOutcome> {
  const result = await liveCheck({
    pageOrigin: input.pageOrigin,
    request: input.request,
    sendActual: input.sendActual,
    ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
  });
  const { verdict } = result;
  // The fix adds to what the server already allows, as its answers show, rather than replacing it.
  const fix = computeFix(
    input.pageOrigin,
    input.request,
    verdict,
    input.framework,
    readServerPolicy(result.hops),
  );
  return { verdict, fix, result, report: checkReport(verdict, fix, result) };
}

function checkReport(verdict: CorsVerdict, fix: CorsFix, result: LiveCheckResult) {
  return {
    allowed: verdict.allowed,
    preflight: verdict.preflight,
    corsError: verdict.corsError,
    failedParameter: verdict.failedParameter,
    message: verdict.message,
    ...(verdict.failedParameterCandidates
      ? { failedParameterCandidates: verdict.failedParameterCandidates }
      : {}),
    problems: verdict.problems,
    fix,
    notes: verdict.notes,
    ...(verdict.undecided ? { undecided: verdict.undecided } : {}),
    requests: result.exchanges.map(({ kind, method, url, response }) => ({
      kind,
      method,
      url,
      status: response.status,
    })),
  };
}
