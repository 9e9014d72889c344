import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProductionAuditor } from '../audit/production-auditor.js';
import type { ResolvedRoute } from '../config/options.js';
import type { DashboardRecorder } from '../dashboard/create-dashboard.js';
import { traceProxy } from '../debug.js';
import type { ProxyLogger } from '../logger.js';
import type { WarningChannel } from '../warnings.js';
import { formatAccessLog } from './access-log.js';
import { scheduleDeadline } from './deadlines.js';
import { UpstreamTimeoutError } from './diagnose-upstream-error.js';
import { forwardHttpRequest, type UpstreamAnswer } from './forward-http.js';
import { localOriginOf } from './local-origin.js';
import { type RequestState, startRequestState } from './request-state.js';
import { rewriteResponseHeaders } from './response-headers.js';
import { createUpstreamAgent } from './upstream-agent.js';
import { createFailureResponder } from './upstream-failure.js';
import { createUpstreamPool } from './upstream-pool.js';
import { connectRetryWindow, createUpstreamReachability } from './upstream-reachability.js';
import { createWebSocketForwarder } from './websocket-forwarder.js';

/** What every route handler of one proxy shares. */
export interface RouteHandlerContext {
  readonly routes: readonly ResolvedRoute[];
  readonly logger: ProxyLogger;
  readonly warnings: WarningChannel;
  readonly accessLog: boolean;
  /** Where access-log lines go (batched). */
  readonly accessLogBatcher: { admit(): boolean; add(line: string): void };
  /** Judges requests against production (undefined without `production` or with `mode: 'off'`). */
  readonly auditor: ProductionAuditor | undefined;
  /** Records each exchange for the dashboard (undefined with `dashboard: false`). */
  readonly dashboard: DashboardRecorder | undefined;
}

export interface RouteHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * One route's proxy: HTTP requests through forward-http.ts, WebSocket upgrades through websocket-forwarder.ts,
 * with our own request and response rewriting, time limit, error diagnosis (upstream-failure.ts), access log and
 * the production audit's enforce gate.
 */
export function createRouteHandler(route: ResolvedRoute, context: RouteHandlerContext): RouteHandler {
  const { logger, warnings, dashboard } = context;
  // One view of the upstream for both engines: an outage seen by an HTTP request holds the WebSockets too.
  const reachability = createUpstreamReachability(connectRetryWindow(route), {
    onWaiting: () => {
      dashboard?.routeStarting(route.prefix);
      logger.warn(
        `${targetLabel} refuses connections; waiting up to ${connectRetryWindow(route) / 1000} s for it to start (routes['${route.prefix}'].retryConnectMs)…`,
      );
    },
    onUp: () => {
      dashboard?.routeUp(route.prefix);
      logger.info(`${targetLabel} accepts connections now.`);
    },
  });
  // HTTP through undici (forward-http.ts); WebSocket upgrades through http-proxy-middleware on a Node agent,
  // created on the first upgrade (most routes never see one).
  const pool = createUpstreamPool(route, reachability);
  let agent: ReturnType<typeof createUpstreamAgent> | undefined;
  // How the target is named in messages: no trailing slash, so `${targetLabel}${path}` reads right.
  const targetLabel = `${route.target.origin}${route.target.pathname === '/' ? '' : route.target.pathname}`;

  /** The upstream answered a forwarded HTTP request: rewrite its headers for the local origin. */
  function onUpstreamResponse(upstreamRes: UpstreamAnswer, req: IncomingMessage, state: RequestState): void {
    state.deadline?.cancel();
    // Status only: headers carry cookies and tokens, and traces get pasted into issues. (Guarded: a disabled
    // debug call still allocates its arguments, on every request.)
    if (traceProxy.enabled) traceProxy('%s %s ← %d', state.method, state.localUrl, upstreamRes.statusCode);
    const headers = upstreamRes.headers;
    const record = state.record;
    // The dashboard shows the headers before and after our rewrites: a copy only when one can apply.
    const received =
      record &&
      (headers['set-cookie'] !== undefined ||
        headers.location !== undefined ||
        headers['content-location'] !== undefined ||
        headers.link !== undefined)
        ? { ...headers }
        : headers;
    const { cookies } = rewriteResponseHeaders(headers, route, context.routes, () => localOriginOf(req));
    if (record) {
      // A reused connection, or how long the one opened while this request waited took to come up. (undici does
      // not say which connection a request went on: a connection that came up since the request arrived is
      // taken as its own, which under concurrent load may be a neighbour's.)
      const opened = reachability.lastConnectedAt;
      const connect = opened >= state.startedAt ? opened - state.startedAt : 'reused';
      dashboard?.answered(record, upstreamRes.statusCode, received, headers, cookies, connect);
    }
    for (const { name, rewrite } of cookies) {
      if (rewrite.unusable) {
        warnings.report({
          id: `cookie-unusable:${route.prefix}:${name}`,
          message: `Cookie ${name} from ${targetLabel} cannot be stored: ${rewrite.unusable}.`,
        });
      } else if (rewrite.notes.length > 0) {
        warnings.report({
          id: `cookie-adjusted:${route.prefix}:${name}`,
          level: 'info',
          message: `Cookie ${name} from ${targetLabel} adjusted for ${localOriginOf(req).origin}: ${rewrite.notes.join('; ')}.`,
        });
      }
    }
  }

  /** The upstream failed (refused, reset, timed out, cut mid-body): answer with a diagnosis, once. */
  function onUpstreamError(error: Error, out: ServerResponse | Duplex, state: RequestState): void {
    if (state.failed) return;
    state.failed = true;
    state.deadline?.cancel();
    respond(error, out, state);
  }

  const respond = createFailureResponder(
    route,
    targetLabel,
    warnings,
    dashboard && ((state, diagnosis) => dashboard.failed(state.record, route.prefix, diagnosis)),
  );

  function logAccess(state: RequestState, status: number | string) {
    if (state.record) {
      if (status === 101) dashboard?.answered(state.record, 101, {}, {}, [], undefined);
      else dashboard?.finished(state.record, status);
    }
    if (!context.accessLog || !context.accessLogBatcher.admit()) return;
    context.accessLogBatcher.add(
      formatAccessLog({
        method: state.method,
        url: state.localUrl,
        target: `${route.target.origin}${state.upstreamPath}`,
        status,
        durationMs: performance.now() - state.startedAt,
      }),
    );
  }

  /** Hands the request to the proxy engine, with the time limit for the upstream's first answer. */
  function forward(req: IncomingMessage, res: ServerResponse, state: RequestState): void {
    const expire = () => {
      // A body still arriving from the browser (a slow upload) is not the upstream's delay: wait on.
      if (!req.complete) {
        state.deadline = scheduleDeadline(route.timeoutMs, expire);
        return;
      }
      // Answer first, then cut the upstream: its resulting error is ignored because `failed` is set.
      state.failed = true;
      const error = new UpstreamTimeoutError(route.timeoutMs);
      respond(error, res, state);
      state.proxyReq?.destroy(error);
    };
    state.deadline = scheduleDeadline(route.timeoutMs, expire);
    state.proxyReq = forwardHttpRequest(
      req,
      res,
      pool,
      route.target.origin,
      state.upstreamPath,
      state.upstreamHeaders,
      {
        onResponse: (upstreamRes) => onUpstreamResponse(upstreamRes, req, state),
        onError: (error) => onUpstreamError(error, res, state),
      },
      state.record,
    );
  }

  const forwardWebSocket = createWebSocketForwarder(
    route,
    () => {
      agent ??= createUpstreamAgent(route, reachability);
      return agent;
    },
    { onUpstreamError, respond, logAccess },
  );

  return {
    handle(req, res) {
      // The shape is taken from the app's own headers (Origin-free, with cookies).
      const shape = context.auditor?.observe(req, route);
      const state = startRequestState(req, route);
      if (dashboard) state.record = dashboard.start(route.prefix, route.target.origin, state);
      // The one 'close' listener of a proxied request (`on`: it fires once; `once` would allocate a wrapper).
      res.on('close', () => {
        state.deadline?.cancel();
        if (!res.writableFinished && !state.failed) {
          // The browser left first (tab closed, fetch aborted, EventSource closed): release the upstream too.
          // Its resulting error is ours, not the upstream's: `failed` makes the error handler ignore it.
          state.failed = true;
          state.proxyReq?.destroy();
        }
        logAccess(
          state,
          res.writableFinished ? res.statusCode : state.enforced ? 'blocked (enforce)' : 'aborted',
        );
      });
      if (!context.auditor?.enforcing || !shape) {
        forward(req, res, state);
        return;
      }
      // Enforce mode: wait for this shape's production verdict (cached after the first request of the shape).
      context.auditor.judge(shape).then(
        (judgement) => {
          if (judgement.verdict?.allowed === false) {
            // What the browser does with a CORS failure: the page's fetch rejects with a TypeError. The warning,
            // with Chromium's message, reaches the terminal and the console through the warning channel.
            state.enforced = true;
            res.destroy();
          } else {
            forward(req, res, state);
          }
        },
        () => forward(req, res, state),
      );
    },
    upgrade(req, socket, head) {
      // Judged with the page's own headers (its Origin and cookies), before they are rewritten for upstream.
      context.auditor?.observeUpgrade(req, route);
      const state = startRequestState(req, route, true);
      if (dashboard) {
        const record = dashboard.start(route.prefix, route.target.origin, state, 'websocket');
        state.record = record;
        // The access log's line comes with the handshake; the dashboard also shows when the tunnel closed.
        socket.once('close', () => {
          if (record.open) dashboard.finished(record, record.status ?? 'closed');
        });
      }
      forwardWebSocket(req, socket, head, state);
    },
    close() {
      reachability.cancel();
      void pool.destroy().catch(() => undefined);
      agent?.destroy();
    },
  };
}
