import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResolvedRoute } from '../config/options.js';
import { scheduleDeadline } from './deadlines.js';
import { UpstreamTimeoutError } from './diagnose-upstream-error.js';
import { type RequestState, stateOf } from './request-state.js';
import type { FailureResponder } from './upstream-failure.js';

type HttpProxyMiddleware = typeof import('http-proxy-middleware');
type WsEngine = ReturnType<HttpProxyMiddleware['createProxyMiddleware']>;

export interface WebSocketForwarderHooks {
  /** The upstream failed: answer once (ignored when the request already failed). */
  readonly onUpstreamError: (error: Error, out: ServerResponse | Duplex, state: RequestState) => void;
  /** Answers with a diagnosis unconditionally (the time limit). */
  readonly respond: FailureResponder;
  readonly logAccess: (state: RequestState, status: number | string) => void;
}

/**
 * Ends a handshake that will never complete (the browser left, or the time limit passed) so that the upstream
 * lets go too: with a reset, not a FIN. A server that holds an upgrade (Node's http server is half-open, a
 * stuck backend reads nothing) keeps a FIN'd connection open forever; the reset closes it on its side as well.
 * (TLS sockets cannot be reset through their TLS layer: those are ended as before.)
 */
function releaseUpstream(proxyReq: http.ClientRequest, error?: Error): void {
  const upstream = proxyReq.socket as (Duplex & { resetAndDestroy?: () => void }) | null;
  try {
    if (upstream && !upstream.destroyed) upstream.resetAndDestroy?.();
  } catch {
    // Not a TCP handle (TLS): destroyed below.
  }
  proxyReq.destroy(error);
}

/**
 * One route's WebSocket upgrades: http-proxy-middleware on httpxy (HTTP requests go through forward-http.ts),
 * whose handshake and socket plumbing we do not rewrite. The engine's default plugins are ejected because their
 * error pages and logging are what users complain about (anchors-proxy.md §2 items 8, 18, 19).
 *
 * The engine is created on the first upgrade: loading it costs more than the rest of the plugin together, and
 * most apps never proxy a WebSocket, so the dev server starts without it.
 */
export function createWebSocketForwarder(
  route: ResolvedRoute,
  /** The route's Node agent for upgrades (upstream-agent.ts), made when the engine is. */
  agentFor: () => http.Agent,
  hooks: WebSocketForwarderHooks,
): (req: IncomingMessage, socket: Duplex, head: Buffer, state: RequestState) => void {
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
      agent: agentFor(),
      headers: { ...route.headers },
      // The defaults' error pages and logging are replaced by ours; only the plugin that wires `on` is kept
      // (without it, ejecting would silently drop every handler below).
      ejectPlugins: true,
      plugins: [proxyEventsPlugin],
      pathFilter: () => true,
      // The upstream path (target path included) was computed before handing over (request-state.ts).
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
            hooks.logAccess(state, 101);
          });
          proxyReq.once('response', (response) => {
            settle();
            hooks.logAccess(state, response.statusCode ?? 'error');
          });
          // A browser that gives up during the handshake (half-closes or closes) releases the upstream too.
          const abandon = () => {
            if (state.failed) return;
            settle();
            releaseUpstream(proxyReq);
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
          if (state) hooks.onUpstreamError(error, out, state);
        },
        econnreset() {
          // The browser went away first (tab closed, fetch aborted); the upstream request is already destroyed.
        },
      },
    });

  return function forwardWebSocket(req, socket, head, state) {
    // The engine sends req.headers upstream.
    req.headers = state.upstreamHeaders;
    // An upstream or client failure on the raw socket must never become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    // The handshake gets the same time limit as an HTTP response; the socket is answered 504 and freed.
    state.deadline = scheduleDeadline(route.timeoutMs, () => {
      state.failed = true;
      const error = new UpstreamTimeoutError(route.timeoutMs);
      hooks.respond(error, socket, state);
      if (state.proxyReq) releaseUpstream(state.proxyReq as http.ClientRequest, error);
    });
    socket.once('close', () => state.deadline?.cancel());
    const handOver = (engine: WsEngine) => {
      // The handshake may have failed or timed out (or the browser gone) while the engine loaded.
      if (state.failed || socket.destroyed) return;
      engine.upgrade(req as never, socket as never, head);
    };
    if (wsEngine) handOver(wsEngine);
    else loadWsEngine().then(handOver, (error: Error) => hooks.onUpstreamError(error, socket, state));
  };
}
