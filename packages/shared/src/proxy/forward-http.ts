import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { ResolvedRoute } from '../config/options.js';
import { scheduleDeadline } from './deadlines.js';

/** What the route handler does at the two moments a forwarded request can end up in. */
export interface ForwardCallbacks {
  /**
   * The upstream answered. Rewrite `upstreamRes.headers` in place here; they are set on the response right
   * after. Not called when the response was destroyed first.
   */
  onResponse(upstreamRes: IncomingMessage): void;
  /** The upstream request failed before or while answering (also after the caller destroyed it). */
  onError(error: Error): void;
}

/**
 * Response headers Node's server manages itself for the browser's connection: copying the upstream's would
 * describe the wrong hop (`Connection: close` from a backend would close the browser's keep-alive connection,
 * as Vite's own proxy does on every response; a copied `Transfer-Encoding` fights Node's own framing).
 */
const connectionHeaders = ['connection', 'transfer-encoding'];

/**
 * Sends one browser request to the route's target on a pooled connection and streams the answer back:
 * `http.request` with the route's keep-alive agent, bodies streamed both ways with backpressure, nothing
 * buffered.
 *
 * HTTP requests are forwarded here rather than through http-proxy-middleware: on the small-JSON benchmark its
 * per-request option copies, promise hops and header passes cost about as much CPU as the whole minimal proxy
 * (BENCHMARKS.md, "How the hot path got here"). WebSocket upgrades still go through it.
 *
 * `headers` are the upstream request headers (already rewritten, see request-headers.ts); `path` is the
 * upstream path, target path included. Returns the upstream request (undefined when Node refused to create
 * it; onError has been called). When the browser leaves first, the caller destroys the returned request
 * (route-handler.ts does, in its one 'close' listener): an abandoned upload then never reaches the upstream
 * as if complete, and an abandoned event stream stops upstream too.
 */
export function forwardHttpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResolvedRoute,
  agent: http.Agent,
  path: string,
  headers: IncomingHttpHeaders,
  callbacks: ForwardCallbacks,
  /** Counts the body bytes sent to the browser (the dashboard's record), when given. */
  meter?: { bytes: number },
): http.ClientRequest | undefined {
  const target = route.target;
  const secure = target.protocol === 'https:';
  // DELETE and OPTIONS without a body get an explicit length: some servers wait for a body otherwise. (A
  // chunked body keeps its framing.)
  if (
    (req.method === 'DELETE' || req.method === 'OPTIONS') &&
    headers['content-length'] === undefined &&
    headers['transfer-encoding'] === undefined
  ) {
    headers['content-length'] = '0';
  }
  const options: https.RequestOptions = {
    // URL keeps IPv6 literals in brackets; the socket layer wants the bare address. (`host`, not `hostname`:
    // with only `hostname`, the agent works out a TLS server name from the Host header on every request.)
    host: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
    port: target.port || (secure ? 443 : 80),
    method: req.method,
    path,
    headers,
    agent,
  };
  if (secure) {
    options.rejectUnauthorized = route.secure;
    if (route.ca) options.ca = route.ca;
  }
  let upstreamReq: http.ClientRequest;
  try {
    upstreamReq = secure ? https.request(options) : http.request(options);
  } catch (error) {
    // Node refuses a header it cannot send (an invalid name or value): answer it as a failed request (a 502
    // that names the problem) rather than let the throw escape into the dev server's request handler.
    callbacks.onError(error as Error);
    return undefined;
  }
  // `on`, not `once`: each event comes at most once here, and `once` allocates a wrapper per request.
  upstreamReq.on('error', callbacks.onError);
  upstreamReq.on('response', (upstreamRes) => {
    if (res.destroyed) {
      upstreamRes.resume();
      return;
    }
    callbacks.onResponse(upstreamRes);
    // A failure answered in onResponse already ended or destroyed the response.
    if (res.headersSent || res.destroyed) {
      upstreamRes.resume();
      return;
    }
    streamResponse(upstreamRes, res, req.httpVersionMajor === 1, callbacks.onError, meter);
  });

  // A request without a body (nearly every GET) goes out at once, without wiring a pipe for a body that
  // HTTP/1.1 says is not there. HTTP/2 may carry a body without either header, so it is always piped.
  const bodyless =
    req.httpVersionMajor === 1 &&
    req.headers['transfer-encoding'] === undefined &&
    (req.headers['content-length'] === undefined || req.headers['content-length'] === '0');
  if (bodyless) upstreamReq.end();
  else req.pipe(upstreamReq);
  return upstreamReq;
}

/**
 * A host's CORS middleware that ran before ours (Vite's `cors` in `ng serve` allows every localhost origin) must
 * not widen what the API allows: the browser sees the API's own `Access-Control-*` headers, as in production.
 */
function dropHostCorsHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('access-control-')) res.removeHeader(name);
  }
}

/** How long response headers may wait for the first body byte before they are sent on their own. */
const headerFlushDelayMs = 25;

/**
 * Streams the upstream's answer to the browser with backpressure. By hand rather than `pipe()`: pipe wires
 * and unwires six listeners per response (measurably, per small request), and the headers must wait anyway.
 *
 * The headers are written with the first body byte, not on arrival: a body broken from its first byte (a
 * malformed chunk) can then still become a clean 502 instead of a cut 200.
 */
function streamResponse(
  upstreamRes: IncomingMessage,
  res: ServerResponse,
  http1: boolean,
  onError: (error: Error) => void,
  meter: { bytes: number } | undefined,
): void {
  const commitHeaders = () => {
    const headers = upstreamRes.headers;
    for (const name of connectionHeaders) if (name in headers) delete headers[name];
    dropHostCorsHeaders(res);
    // HTTP/2 has no status message (Node warns when given one).
    if (http1) res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, headers);
    else res.writeHead(upstreamRes.statusCode ?? 502, headers);
  };
  const length = upstreamRes.headers['content-length'];
  // An event stream or long poll whose first byte comes later would leave the browser with nothing (no fetch
  // resolve, no EventSource open): send the headers shortly. Only bodies of unknown length can stall so.
  if (length === undefined) {
    scheduleDeadline(headerFlushDelayMs, () => {
      if (res.headersSent || res.destroyed || res.writableEnded) return;
      commitHeaders();
      res.flushHeaders();
    });
  }
  // Bytes still to come when the length is known: the last chunk ends the response in the same call (a small
  // JSON answer is then one write of headers and body).
  let remaining = length === undefined ? -1 : Number(length);
  upstreamRes.on('data', (chunk: Buffer) => {
    // The browser left (the caller destroys the upstream request; chunks already read may still come), or the
    // response was already ended by an error or the deadline (a paused body resumed by 'drain' still flows).
    if (res.destroyed || res.writableEnded) return;
    if (!res.headersSent) commitHeaders();
    if (meter) meter.bytes += chunk.length;
    remaining -= chunk.length;
    if (remaining === 0) res.end(chunk);
    else if (!res.write(chunk)) upstreamRes.pause();
  });
  res.on('drain', () => upstreamRes.resume());
  upstreamRes.on('end', () => {
    if (res.destroyed || res.writableEnded) return;
    if (!res.headersSent) commitHeaders();
    res.end();
  });
  // A body cut off by the upstream (it crashed mid-stream) must reach the browser as a cut, not as a
  // response that never ends: the error callback ends it (or answers 502 when nothing was sent yet).
  upstreamRes.on('error', onError);
}
