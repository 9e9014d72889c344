import { NetworkFailure, sendOnWire } from '../outbound/wire-client.js';
import { type EvaluateInput, evaluateCors, type PendingRequest } from './evaluate.js';
import type { CorsHop, CorsRequest, CorsVerdict, HeaderLine, ObservedResponse } from './types.js';

export { NetworkFailure };

export interface LiveCheckOptions {
  readonly pageOrigin: string;
  readonly request: CorsRequest;
  /**
   * Send the actual request even when its method can change server state (anything but GET and HEAD).
   * Without it such a verdict stays undecided once the preflight passes.
   * @default false
   */
  readonly sendActual?: boolean;
  /** Per request. @default 10000 */
  readonly timeoutMs?: number;
  /** Extra CAs for https targets. */
  readonly ca?: string | Buffer | Array<string | Buffer>;
}

/** One request the checker sent, and what came back; printed with `--verbose` and kept in the JSON. */
export interface LiveExchange {
  readonly kind: PendingRequest['kind'];
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: readonly HeaderLine[];
  readonly response: ObservedResponse;
}

export interface LiveCheckResult {
  readonly verdict: CorsVerdict;
  readonly hops: readonly CorsHop[];
  readonly exchanges: readonly LiveExchange[];
}

/** Chromium gives up after 20 redirects (net::ERR_TOO_MANY_REDIRECTS). */
const maxRequests = 2 * 21;

/** Answers one request the engine asks for: over the network (live check) or from a simulated policy. */
export type Responder = (pending: PendingRequest) => Promise<ObservedResponse>;

/**
 * Drives the engine to a verdict: asks it what the browser would send next, gets the answer from `respond`,
 * and asks again, so whatever answers the requests (a live server, a simulated allowlist), the sequence is
 * exactly the browser's. Requests that could change data are not answered unless `sendActual` is set.
 */
export async function evaluateWithResponder(
  input: Omit<EvaluateInput, 'hops'>,
  respond: Responder,
  sendActual: boolean,
): Promise<LiveCheckResult> {
  const hops: CorsHop[] = [];
  const exchanges: LiveExchange[] = [];
  for (let sent = 0; sent <= maxRequests; sent++) {
    const { verdict, next } = evaluateCors({ ...input, hops });
    if (!next) return { verdict, hops, exchanges };
    const unsafeMethod = next.kind === 'actual' && !['GET', 'HEAD'].includes(next.method.toUpperCase());
    if (unsafeMethod && !sendActual) {
      return {
        verdict: {
          ...verdict,
          undecided: `${verdict.preflight ? 'the preflight passes, but ' : `${next.method} needs no preflight, and `}the actual ${next.method} request was not sent because it could change data on the server; run again with --send-actual to send it`,
        },
        hops,
        exchanges,
      };
    }
    const response = await respond(next);
    exchanges.push({
      kind: next.kind,
      method: next.method,
      url: next.url,
      requestHeaders: next.headers,
      response,
    });
    const hop = hops[next.hopIndex] ?? { url: next.url };
    hops[next.hopIndex] = next.kind === 'preflight' ? { ...hop, preflight: response } : { ...hop, response };
  }
  throw new NetworkFailure(input.request.url, 'ERR_TOO_MANY_REDIRECTS', 'more than 20 redirects');
}

/**
 * Sends what Chromium would send for `request` from `pageOrigin` — the preflight (no cookies, no Authorization),
 * then the actual request, following redirects with the origin turning "null" after a cross-origin hop — and
 * judges the answers with the same engine the browser model uses. The bytes are Chromium's: the method exactly
 * as the page wrote it (`patch` stays `patch`), header names and values as the browser sends them
 * (wire-client.ts; Node's `http.request` would upper-case the method and refuse some values).
 */
export function liveCheck(options: LiveCheckOptions): Promise<LiveCheckResult> {
  return evaluateWithResponder(
    { pageOrigin: options.pageOrigin, request: options.request },
    (pending) => send(pending, options),
    options.sendActual ?? false,
  );
}

function send(pending: PendingRequest, options: LiveCheckOptions): Promise<ObservedResponse> {
  return sendOnWire(
    { method: pending.method, url: new URL(pending.url), headers: pending.headers },
    {
      timeoutMs: options.timeoutMs ?? 10_000,
      label: `${pending.kind === 'preflight' ? 'preflight ' : ''}${pending.method} ${pending.url}`,
      ...(options.ca ? { ca: options.ca } : {}),
    },
  );
}
