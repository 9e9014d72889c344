import type { IncomingMessage } from 'node:http';
import type { ResolvedRoute } from '../config/options.js';
import type { ExchangeRecord } from '../dashboard/request-ring.js';
import { traceProxy } from '../debug.js';
import type { Deadline } from './deadlines.js';
import { upstreamRequestHeaders } from './request-headers.js';

/** Per-request facts the proxy's callbacks need; kept on the incoming request. */
export interface RequestState {
  readonly method: string;
  readonly localUrl: string;
  readonly upstreamPath: string;
  /** The request headers to send upstream (request-headers.ts). */
  readonly upstreamHeaders: IncomingMessage['headers'];
  /** As the browser sent them (the error page's format follows Accept). */
  readonly browserHeaders: IncomingMessage['headers'];
  readonly startedAt: number;
  deadline?: Deadline;
  /** The request upstream: undici's exchange (forward-http.ts), or a WebSocket handshake's ClientRequest. */
  proxyReq?: { destroy(error?: Error): unknown };
  /** Settled without a normal ending (diagnosed, timed out, abandoned by the browser): later upstream errors are ignored. */
  failed?: boolean;
  /** Failed on purpose in enforce mode. */
  enforced?: boolean;
  /** A WebSocket handshake completed (after it, closing is the tunnel's business). */
  upgraded?: boolean;
  /** The dashboard's record of this exchange, when the dashboard is on. */
  record?: ExchangeRecord;
}

/**
 * Per-request state lives on the request object under a symbol rather than in a WeakMap: thousands of
 * short-lived WeakMap keys a second make every garbage collection walk its ephemeron table (measured: GC was
 * the largest difference to a minimal proxy in BENCHMARKS.md).
 */
const requestState = Symbol('cors-dev-proxy request state');
type RequestWithState = IncomingMessage & { [requestState]?: RequestState };

export function stateOf(req: IncomingMessage): RequestState | undefined {
  return (req as RequestWithState)[requestState];
}

/** The state of a request entering `route`: where it goes upstream and with which headers. */
export function startRequestState(
  req: IncomingMessage,
  route: ResolvedRoute,
  isUpgrade = false,
): RequestState {
  const localUrl = req.url ?? '/';
  const state: RequestState = {
    method: req.method ?? 'GET',
    localUrl,
    upstreamPath: route.toUpstreamPath(localUrl),
    browserHeaders: req.headers,
    upstreamHeaders: upstreamRequestHeaders(req.headers, route, isUpgrade),
    startedAt: performance.now(),
  };
  (req as RequestWithState)[requestState] = state;
  if (traceProxy.enabled)
    traceProxy('%s %s → %s%s', state.method, localUrl, route.target.origin, state.upstreamPath);
  return state;
}
