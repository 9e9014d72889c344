import type { ResolvedRoute } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';
import { evaluateWithResponder, liveCheck } from '../cors/live-check.js';
import type { CorsHop, CorsRequest, CorsVerdict } from '../cors/types.js';
import { productionUrlFor } from './production-url.js';
import type { RequestShape } from './request-shape.js';
import { simulateAllowlist } from './simulate-allowlist.js';

export interface ShapeJudgement {
  readonly shape: RequestShape;
  /** The URL the production page would call. */
  readonly url: string;
  readonly request: CorsRequest;
  /** The verdict for the declared allowlist, when there is one. */
  readonly declared?: CorsVerdict;
  /** The verdict from the live production API, when probed. */
  readonly probed?: CorsVerdict;
  /** What the live production API answered at each URL, when probed: the fix keeps the policy it shows. */
  readonly probedHops?: readonly CorsHop[];
  /** Why probing failed (network), when it did. */
  readonly probeError?: string;
  /** The verdict that counts: the live one when there is one, else the declared one. */
  readonly verdict: CorsVerdict | undefined;
  /** Declared and live disagree: the allowlist in the config does not describe production. */
  readonly drift?: string;
}

/**
 * The request a production page makes for this shape: same method and headers, production URL, and the page's
 * own API (`fetch` or XHR, which Chromium names in its message) when the page script reported the call.
 */
export function productionRequestFor(
  shape: RequestShape,
  route: ResolvedRoute,
  production: ResolvedProduction,
): CorsRequest {
  return {
    url: productionUrlFor(shape.examplePath, route, production),
    method: shape.method,
    headers: shape.pageHeaders,
    credentials: shape.credentials ? 'include' : 'same-origin',
    initiator: shape.pageCall?.initiator ?? 'fetch',
  };
}

/**
 * Judges one request shape as the production browser would: against the declared allowlist (simulated by the
 * real `cors` package) and/or the live production API (preflights and GET/HEAD only: a probe never sends a
 * method that could change data, and never the developer's cookies or tokens).
 */
export async function judgeShape(
  shape: RequestShape,
  route: ResolvedRoute,
  production: ResolvedProduction,
  options: { timeoutMs?: number } = {},
): Promise<ShapeJudgement> {
  const request = productionRequestFor(shape, route, production);
  const input = { pageOrigin: production.origin, request };
  let declared: CorsVerdict | undefined;
  let probed: CorsVerdict | undefined;
  let probedHops: readonly CorsHop[] | undefined;
  let probeError: string | undefined;
  if (production.allowlist) {
    const allowlist = production.allowlist;
    const result = await evaluateWithResponder(
      input,
      async (pending) => {
        const header = (name: string) => pending.headers.find(([key]) => key.toLowerCase() === name)?.[1];
        return simulateAllowlist(
          allowlist,
          {
            origin: header('origin') ?? production.origin,
            method:
              pending.kind === 'preflight'
                ? (header('access-control-request-method') ?? request.method)
                : pending.method,
            ...(header('access-control-request-headers')
              ? { accessControlRequestHeaders: header('access-control-request-headers') }
              : {}),
          },
          pending.kind,
        );
      },
      // Simulated: the "actual request" changes nothing anywhere.
      true,
    );
    declared = result.verdict;
  }
  if (production.probe) {
    try {
      const result = await liveCheck({ ...input, sendActual: false, timeoutMs: options.timeoutMs ?? 10_000 });
      const live = result.verdict;
      probedHops = result.hops;
      // A probe never sends a request that could change data: say what the developer can check instead.
      probed =
        live.allowed === null
          ? {
              ...live,
              undecided: `${live.preflight ? 'the preflight passes; ' : ''}a probe never sends the ${request.method} itself (it could change data): make sure its responses carry Access-Control-Allow-Origin: ${production.origin}${shape.credentials ? ' and Access-Control-Allow-Credentials: true' : ''}, or declare production.allowlist`,
            }
          : live;
    } catch (error) {
      probeError = (error as Error).message;
    }
  }
  // An undecided probe (the actual request was not sent) is completed by the declared verdict when there is one.
  const verdict = probed && (probed.allowed !== null || !declared) ? probed : (declared ?? probed);
  const drift =
    declared &&
    probed &&
    declared.allowed !== null &&
    probed.allowed !== null &&
    declared.allowed !== probed.allowed
      ? `the declared allowlist says ${declared.allowed ? 'allowed' : 'blocked'}, but production ${probed.allowed ? 'allows' : 'blocks'} it`
      : undefined;
  return {
    shape,
    url: request.url,
    request,
    ...(declared ? { declared } : {}),
    ...(probed ? { probed } : {}),
    ...(probedHops ? { probedHops } : {}),
    ...(probeError ? { probeError } : {}),
    verdict,
    ...(drift ? { drift } : {}),
  };
}

/**
 * Judges recorded shapes (e.g. from the shapes file) against production, each through its route. Shapes whose
 * route no longer exists are skipped. Used by `cors-dev-proxy audit` and the hosts' build-time check.
 */
export function judgeRecordedShapes(
  shapes: readonly RequestShape[],
  routes: readonly ResolvedRoute[],
  production: ResolvedProduction,
  /** Called with (0, total) before the first probe, then as each judgement is ready (the CLI's progress line). */
  onJudged?: (judged: number, total: number) => void,
): Promise<ShapeJudgement[]> {
  const byPrefix = new Map(routes.map((route) => [route.prefix, route]));
  const judging = shapes.flatMap((shape) => {
    const route = byPrefix.get(shape.prefix);
    return route ? [judgeShape(shape, route, production)] : [];
  });
  if (onJudged) {
    let judged = 0;
    onJudged(0, judging.length);
    for (const judgement of judging) void judgement.then(() => onJudged(++judged, judging.length));
  }
  return Promise.all(judging);
}
