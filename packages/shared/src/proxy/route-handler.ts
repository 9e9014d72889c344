import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProductionAuditor } from '../audit/production-auditor.js';
import type { ResolvedRoute } from '../config/options.js';
import { traceProxy } from '../debug.js';
import type { ProxyLogger } from '../logger.js';
import type { WarningChannel } from '../warnings.js';
import { elideQuery, formatAccessLog } from './access-log.js';
import { type Deadline, scheduleDeadline } from './deadlines.js';
import {
  diagnoseUpstreamError,
  probeLoopbackFamilies,
  UpstreamStillRefusedError,
  UpstreamTimeoutError,
} from './diagnose-upstream-error.js';
import { preferredFormat, renderProxyError } from './error-response.js';
import { forwardHttpRequest } from './forward-http.js';
import { localOriginOf } from './local-origin.js';
import { upstreamRequestHeaders } from './request-headers.js';
import { rewriteResponseHeaders } from './response-headers.js';
import { connectRetryWindow, createUpstreamAgent } from './upstream-agent.js';

type HttpProxyMiddleware = typeof import('http-proxy-middleware');
type WsEngine = ReturnType<HttpProxyMiddleware['createProxyMiddleware']>;

/** What every route handler of one proxy shares. */
export interface RouteHandlerContext {
  readonly routes: readonly ResolvedRoute[];
  readonly logger: ProxyLogger;
  readonly warnings: WarningChannel;
  readonly accessLog: boolean;
  /** Where access-log lines go (batched). */
  readonly accessLogBatcher: { add(line: string): void };
  /** Judges requests against production (undefined without `production` or with `mode: 'off'`). */
  readonly auditor: ProductionAuditor | undefined;
}

export interface RouteHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/**
 * Per-request state lives on the request object under a symbol rather than in a WeakMap: thousands of
 * short-lived WeakMap keys a second make every garbage collection walk its ephemeron table (measured: GC was
 * the largest difference to a minimal proxy in BENCHMARKS.md).
 */
const requestState = Symbol('cors-dev-proxy request state');
type RequestWithState = IncomingMessage & { [requestState]?: RequestState };

function stateOf(req: IncomingMessage): RequestState | undefined {
  return (req as RequestWithState)[requestState];
}

/** Per-request facts the proxy engine's event callbacks need; keyed by the incoming request. */
interface RequestState {
  readonly method: string;
  readonly localUrl: string;
  readonly upstreamPath: string;
  /** The request headers to send upstream (request-headers.ts). */
  readonly upstreamHeaders: IncomingMessage['headers'];
  /** As the browser sent them (the error page's format follows Accept). */
  readonly browserHeaders: IncomingMessage['headers'];
  readonly startedAt: number;
  deadline?: Deadline;
  proxyReq?: http.ClientRequest;
  /** Settled without a normal ending (diagnosed, timed out, abandoned by the browser): later upstream errors are ignored. */
  failed?: boolean;
  /** Failed on purpose in enforce mode. */
  enforced?: boolean;
  /** A WebSocket handshake completed (after it, closing is the tunnel's business). */
  upgraded?: boolean;
}

/**
 * One route's proxy: HTTP requests through forward-http.ts, WebSocket upgrades through http-proxy-middleware
 * (on httpxy), with our own request and response rewriting, timeout, error diagnosis and access log. The
 * engine's default plugins are ejected because their error pages and logging are what users complain about
 * (anchors-proxy.md §2 items 8, 18, 19).
 */
export function createRouteHandler(route: ResolvedRoute, context: RouteHandlerContext): RouteHandler {
  const { logger, warnings } = context;
  const agent = createUpstreamAgent(route, {
    onWaiting: () =>
      logger.warn(
        `${targetLabel} refuses connections; waiting up to ${connectRetryWindow(route) / 1000} s for it to start (routes['${route.prefix}'].retryConnectMs)…`,
      ),
    onUp: () => logger.info(`${targetLabel} accepts connections now.`),
  });
  // How the target is named in messages: no trailing slash, so `${targetLabel}${path}` reads right.
  const targetLabel = `${route.target.origin}${route.target.pathname === '/' ? '' : route.target.pathname}`;

  /** The upstream answered a forwarded HTTP request: rewrite its headers for the local origin. */
  function onUpstreamResponse(upstreamRes: IncomingMessage, req: IncomingMessage, state: RequestState): void {
    state.deadline?.cancel();
    // Status only: headers carry cookies and tokens, and traces get pasted into issues. (Guarded: a disabled
    // debug call still allocates its arguments, on every request.)
    if (traceProxy.enabled) traceProxy('%s %s ← %d', state.method, state.localUrl, upstreamRes.statusCode);
    const { cookies } = rewriteResponseHeaders(
      upstreamRes.headers,
      upstreamRes.statusCode ?? 0,
      route,
      context.routes,
      () => localOriginOf(req),
    );
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
    void respondWithDiagnosis(error, out, state);
  }

  /**
   * WebSocket upgrades only (HTTP requests go through forward-http.ts): http-proxy-middleware on httpxy,
   * created on the first upgrade. Loading it costs more than the rest of the plugin together, and most apps
   * never proxy a WebSocket: `vite` starts without it.
   */
  let wsEngine: WsEngine | undefined;
  let wsEngineLoading: Promise<WsEngine> | undefined;
  const loadWsEngine = (): Promise<WsEngine> => {
    wsEngineLoading ??= import('http-proxy-middleware').then((engine) => {
      wsEngine = createWsEngine(engine);
      return wsEngine;
    });
    return wsEngineLoading;
  };

  const createWsEngine = ({ createProxyMiddleware, proxyEventsPlugin }: HttpProxyMiddleware): WsEngine =>
    createProxyMiddleware<IncomingMessage, ServerResponse>({
      // A URL object: given a string, the engine would parse it again on every request.
      target: new URL(route.target.origin),
      changeOrigin: route.changeOrigin,
      secure: route.secure,
      ...(route.ca ? { ca: route.ca } : {}),
      agent,
      headers: { ...route.headers },
      // The defaults' error pages and logging are replaced by ours; only the plugin that wires `on` is kept
      // (without it, ejecting would silently drop every handler below).
      ejectPlugins: true,
      plugins: [proxyEventsPlugin],
      pathFilter: () => true,
      // We computed the upstream path (target path included) before handing over; see upgrade().
      pathRewrite: (path, req) => stateOf(req)?.upstreamPath ?? path,
      on: {
        proxyReqWs(proxyReq, req, socket) {
          const state = stateOf(req);
          if (!state) return;
          state.proxyReq = proxyReq;
          const settle = () => state.deadline?.cancel();
          proxyReq.once('upgrade', () => {
            settle();
            state.upgraded = true;
            logAccess(state, 101);
          });
          proxyReq.once('response', (response) => {
            settle();
            logAccess(state, response.statusCode ?? 'error');
          });
          // A browser that gives up during the handshake (half-closes or closes) releases the upstream too.
          const abandon = () => {
            if (state.failed) return;
            settle();
            proxyReq.destroy();
            socket.destroy();
          };
          socket.once('end', () => {
            if (!state.upgraded) abandon();
          });
          socket.once('close', () => {
            if (!state.upgraded) abandon();
          });
        },
        error(error, req, out) {
          const state = stateOf(req);
          if (state) onUpstreamError(error, out, state);
        },
        econnreset() {
          // The browser went away first (tab closed, fetch aborted); the upstream request is already destroyed.
        },
      },
    });

  function logAccess(state: RequestState, status: number | string) {
    if (!context.accessLog) return;
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
    // The engine may have copied the failed upstream's headers (Content-Encoding, Set-Cookie, Transfer-Encoding)
    // onto the response already; none of them describe our diagnostic body.
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

  function reportFailure(
    error: Error,
    state: RequestState,
    diagnosis: ReturnType<typeof diagnoseUpstreamError>,
  ): void {
    // "Not waiting again" is said once per outage (it names when the window passed), the rest once.
    const outage = error instanceof UpstreamStillRefusedError ? `:down-since:${error.downSince}` : '';
    warnings.report({
      id: `upstream:${route.prefix}:${diagnosis.kind}:${diagnosis.code}${outage}`,
      message: `${state.method} ${state.localUrl.split('?')[0]} → ${targetLabel} failed: ${diagnosis.cause}. ${diagnosis.hint}`,
    });
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
      void respondWithDiagnosis(error, res, state);
      state.proxyReq?.destroy(error);
    };
    state.deadline = scheduleDeadline(route.timeoutMs, expire);
    state.proxyReq = forwardHttpRequest(req, res, route, agent, state.upstreamPath, state.upstreamHeaders, {
      onResponse: (upstreamRes) => onUpstreamResponse(upstreamRes, req, state),
      onError: (error) => onUpstreamError(error, res, state),
    });
  }

  function startState(req: IncomingMessage, isUpgrade = false): RequestState {
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

  return {
    handle(req, res) {
      // The shape is taken from the app's own headers (Origin-free, with cookies).
      const shape = context.auditor?.observe(req, route);
      const state = startState(req);
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
      const state = startState(req, true);
      // The engine sends req.headers upstream.
      req.headers = state.upstreamHeaders;
      // An upstream or client failure on the raw socket must never become an unhandled 'error'.
      socket.on('error', () => socket.destroy());
      // The handshake gets the same time limit as an HTTP response; the socket is answered 504 and freed.
      state.deadline = scheduleDeadline(route.timeoutMs, () => {
        state.failed = true;
        const error = new UpstreamTimeoutError(route.timeoutMs);
        void respondWithDiagnosis(error, socket, state);
        state.proxyReq?.destroy(error);
      });
      socket.once('close', () => state.deadline?.cancel());
      const handOver = (engine: WsEngine) => {
        // The handshake may have failed or timed out (or the browser gone) while the engine loaded.
        if (state.failed || socket.destroyed) return;
        engine.upgrade(req as never, socket as never, head);
      };
      if (wsEngine) handOver(wsEngine);
      else loadWsEngine().then(handOver, (error: Error) => onUpstreamError(error, socket, state));
    },
    close() {
      agent.destroy();
    },
  };
}
