import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResolvedRoute } from '../config/options.js';
import type { FailureDiagnosis } from '../dashboard/request-ring.js';
import { traceProxy } from '../debug.js';
import type { WarningChannel } from '../warnings.js';
import { elideQuery } from './access-log.js';
import {
  diagnoseUpstreamError,
  probeLoopbackFamilies,
  UpstreamStillRefusedError,
} from './diagnose-upstream-error.js';
import { preferredFormat, renderProxyError } from './error-response.js';
import type { RequestState } from './request-state.js';

/** Answers a failed upstream request (or WebSocket handshake) with a diagnosis, and reports it once. */
export type FailureResponder = (error: Error, out: ServerResponse | Duplex, state: RequestState) => void;

/**
 * The upstream-failure path of one route: refused, reset, timed out or cut mid-body becomes a 502/504 whose
 * body says which target failed, why, and what to do (error-response.ts), and one deduplicated warning.
 */
export function createFailureResponder(
  route: ResolvedRoute,
  targetLabel: string,
  warnings: WarningChannel,
  /** Every diagnosis, for the dashboard (the request's record and the route's state). */
  onDiagnosis?: (state: RequestState, diagnosis: FailureDiagnosis) => void,
): FailureResponder {
  function reportFailure(
    error: Error,
    state: RequestState,
    diagnosis: ReturnType<typeof diagnoseUpstreamError>,
  ): void {
    // "Not waiting again" is said once per outage (it names when the window passed), the rest once.
    onDiagnosis?.(state, diagnosis);
    const outage = error instanceof UpstreamStillRefusedError ? `:down-since:${error.downSince}` : '';
    warnings.report({
      id: `upstream:${route.prefix}:${diagnosis.kind}:${diagnosis.code}${outage}`,
      message: `${state.method} ${state.localUrl.split('?')[0]} → ${targetLabel} failed: ${diagnosis.cause}. ${diagnosis.hint}`,
    });
  }

  async function respondWithDiagnosis(
    error: Error,
    out: ServerResponse | Duplex,
    state: RequestState,
  ): Promise<void> {
    if (traceProxy.enabled) traceProxy('%s %s failed: %O', state.method, state.localUrl, error);
    let diagnosis = diagnoseUpstreamError(error, route);
    if (!('setHeader' in out)) {
      // A WebSocket handshake: answer in raw HTTP on the socket at once (the engine closes it right after this
      // error event, so there is no time for the loopback probe), then close it.
      reportFailure(error, state, diagnosis);
      if (out.writable) {
        out.end(
          `HTTP/1.1 ${diagnosis.status} ${diagnosis.status === 504 ? 'Gateway Timeout' : 'Bad Gateway'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
      }
      out.destroy();
      return;
    }
    if (diagnosis.kind === 'refused') {
      const betterHint = await probeLoopbackFamilies(route);
      if (betterHint) diagnosis = { ...diagnosis, hint: betterHint };
    }
    reportFailure(error, state, diagnosis);
    const res = out;
    if (res.headersSent || res.destroyed || res.writableEnded) {
      // The response had started (a stream broke mid-way): all we can do is end it so the client sees the cut.
      res.destroy();
      return;
    }
    // The failed upstream's headers (Content-Encoding, Set-Cookie, Transfer-Encoding) may have been copied onto
    // the response already; none of them describe our diagnostic body.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const rendered = renderProxyError(
      {
        method: state.method,
        path: elideQuery(state.localUrl),
        prefix: route.prefix,
        target: targetLabel,
        diagnosis,
      },
      preferredFormat(state.browserHeaders),
    );
    res.statusCode = rendered.status;
    for (const [name, value] of Object.entries(rendered.headers)) res.setHeader(name, value);
    res.end(rendered.body);
  }

  return (error, out, state) => void respondWithDiagnosis(error, out, state);
}
