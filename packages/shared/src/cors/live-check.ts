import http from 'node:http';
import https from 'node:https';
import { envProxyAgentFor } from '../proxy/env-proxy.js';
import { type EvaluateInput, evaluateCors, type PendingRequest } from './evaluate.js';
import type { CorsHop, CorsRequest, CorsVerdict, HeaderLine, ObservedResponse } from './types.js';

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

/** A request that never got an HTTP answer (refused, DNS, TLS, timeout): no CORS verdict is possible. */
export class NetworkFailure extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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
 * judges the answers with the same engine the browser model uses.
 */
export function liveCheck(options: LiveCheckOptions): Promise<LiveCheckResult> {
  return evaluateWithResponder(
    { pageOrigin: options.pageOrigin, request: options.request },
    (pending) => send(pending, options),
    options.sendActual ?? false,
  );
}

function send(pending: PendingRequest, options: LiveCheckOptions): Promise<ObservedResponse> {
  const url = new URL(pending.url);
  const client = url.protocol === 'https:' ? https : http;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: pending.method,
        // An object (not raw lines): Node then sets Host itself, and a forward-proxy agent can adjust it.
        // The engine never asks for duplicate request headers, so nothing is lost.
        headers: Object.fromEntries(pending.headers),
        // Through HTTPS_PROXY/HTTP_PROXY when the environment says so, like the browser on that network.
        agent: envProxyAgentFor(url, options.ca ? { ca: options.ca } : {}, false) ?? false,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        const headers: HeaderLine[] = [];
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
          headers.push([response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string]);
        }
        // The body is irrelevant to CORS; drain it so the socket closes.
        response.resume();
        resolve({ status: response.statusCode ?? 0, headers });
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new NetworkFailure(
          pending.url,
          error.code ?? 'ERR_FAILED',
          `${pending.kind === 'preflight' ? 'preflight ' : ''}${pending.method} ${pending.url} failed: ${error.message}`,
        ),
      ),
    );
    request.end();
  });
}
