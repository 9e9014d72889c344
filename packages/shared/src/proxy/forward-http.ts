import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { scheduleDeadline } from './deadlines.js';
import { UnwritableAnswerError } from './diagnose-upstream-error.js';
import { requestBody } from './request-body.js';
import { isLengthMismatch, RefusedResponseHeadError } from './undici-error-codes.js';
import { nodeStyleHeaders } from './upstream-headers.js';
import type { UpstreamDispatcher } from './upstream-pool.js';

/** The upstream's answer as the route handler reads and rewrites it (the headers in Node's record shape). */
export interface UpstreamAnswer {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Rewrite in place in onResponse; they are set on the response right after. */
  readonly headers: IncomingHttpHeaders;
}

/** What the route handler does at the two moments a forwarded request can end up in. */
export interface ForwardCallbacks {
  /**
   * The upstream answered. Rewrite `answer.headers` in place here; they are set on the response right after.
   * Not called when the response was destroyed first.
   */
  onResponse(answer: UpstreamAnswer): void;
  /** The upstream request failed before or while answering (also after the caller destroyed it). */
  onError(error: Error): void;
}

/** A request on its way upstream: the caller ends it when the browser leaves or the time limit passes. */
export interface UpstreamExchange {
  destroy(error?: Error): void;
}

/** How long response headers may wait for the first body byte before they are sent on their own. */
const headerFlushDelayMs = 25;

/**
 * A host's CORS middleware that ran before ours (Vite's `cors` in `ng serve` allows every localhost origin) must
 * not widen what the API allows: the browser sees the API's own `Access-Control-*` headers, as in production.
 */
function dropHostCorsHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('access-control-')) res.removeHeader(name);
  }
}

/** What Node's ServerResponse refuses in a status message (it throws ERR_INVALID_CHAR). */
const unwritableInReason = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The upstream's reason phrase when Node can write it; otherwise none, so Node writes the standard one for the
 * status. A control byte, or a phrase undici decoded as UTF-8 from other bytes (a Latin-1 "Non trouvé"), must
 * not cost the answer: the status and the body are what the page reads.
 */
function writableReason(reason: string): string | undefined {
  return unwritableInReason.test(reason) ? undefined : reason;
}

/**
 * One forwarded request as an undici dispatch handler (its callback API, which undici's own client calls
 * without an adapter in between): the answer streamed to the browser with backpressure (returning false from
 * onData pauses the upstream socket, 'drain' resumes it). By hand rather than `pipe()` or `pool.stream`: the
 * headers must wait anyway, and each layer between parser and response costs per small request.
 *
 * The headers are written with the first body byte, not on arrival: a body broken from its first byte (a
 * malformed chunk) can then still become a clean 502 instead of a cut 200.
 */
class ForwardHandler implements Dispatcher.DispatchHandler, UpstreamExchange {
  private abortUpstream: ((error?: Error) => void) | undefined;
  /** Ended by the caller before undici handed us the abort function (still queued for a connection). */
  private endedEarly: Error | undefined;
  private answer: UpstreamAnswer | undefined;
  /** The browser is gone or a failure was answered already: the body is read to keep the connection, unused. */
  private discard = false;
  /** Body bytes still to come when the length is known, else -1. */
  private remaining = -1;
  private resumeUpstream: (() => void) | undefined;
  private listeningForDrain = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly http1: boolean,
    private readonly callbacks: ForwardCallbacks,
    private readonly meter: { bytes: number } | undefined,
  ) {}

  destroy(error?: Error): void {
    const reason = error ?? new Error('the browser closed the request');
    if (this.abortUpstream) this.abortUpstream(reason);
    else this.endedEarly ??= reason;
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.endedEarly) abort(this.endedEarly);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // An interim answer (102 Processing, 103 Early Hints; undici reports them here too, all but 100): the final
    // one is still to come. Not forwarded, as by `http.request` before, and the time limit
    // keeps waiting for the final answer. Taken as the answer, its headers would be written once the final one
    // was 25 ms late (the flush below), and the final answer could not follow.
    if (statusCode < 200) return true;
    const res = this.res;
    if (res.destroyed) {
      this.discard = true;
      return true;
    }
    const answer = {
      statusCode,
      statusMessage: statusText,
      headers: nodeStyleHeaders(rawHeaders, statusCode),
    };
    this.answer = answer;
    this.callbacks.onResponse(answer);
    // A failure answered in onResponse already ended or destroyed the response.
    if (res.headersSent || res.destroyed) {
      this.discard = true;
      return true;
    }
    const length = answer.headers['content-length'];
    // An event stream or long poll whose first byte comes later would leave the browser with nothing (no fetch
    // resolve, no EventSource open): send the headers shortly. Only bodies of unknown length can stall so.
    if (length === undefined) {
      scheduleDeadline(headerFlushDelayMs, () => {
        if (res.headersSent || res.destroyed || res.writableEnded) return;
        if (this.commitHeaders()) res.flushHeaders();
      });
    } else {
      // The last chunk then ends the response in the same call (a small JSON answer is one write).
      this.remaining = Number(length);
    }
    this.resumeUpstream = resume;
    return true;
  }

  onData(chunk: Buffer): boolean {
    const res = this.res;
    // The browser left (the caller aborts the upstream; chunks already parsed may still come), or the response
    // was already ended by an error or the deadline.
    if (this.discard || res.destroyed || res.writableEnded) return true;
    if (!res.headersSent && !this.commitHeaders()) return true;
    if (this.meter) this.meter.bytes += chunk.length;
    this.remaining -= chunk.length;
    if (this.remaining === 0) {
      res.end(chunk);
      return true;
    }
    if (res.write(chunk)) return true;
    // Backpressure: undici pauses the upstream socket until the browser's drains. Listened for from the first
    // full buffer on (a small answer never fills one, and pays no listener).
    if (!this.listeningForDrain) {
      this.listeningForDrain = true;
      res.on('drain', this.resumeUpstream as () => void);
    }
    return false;
  }

  onComplete(): void {
    const res = this.res;
    if (this.discard || res.destroyed || res.writableEnded) return;
    if (!res.headersSent && !this.commitHeaders()) return;
    res.end();
  }

  onError(error: Error): void {
    if (this.listeningForDrain) this.res.removeListener('drain', this.resumeUpstream as () => void);
    // A body cut off by the upstream (it crashed mid-stream) must reach the browser as a cut, not as a response
    // that never ends: the error callback ends it (or answers 502 when nothing was sent yet).
    this.callbacks.onError(
      this.answer === undefined && isLengthMismatch(error) ? new RefusedResponseHeadError() : error,
    );
  }

  /**
   * Writes the upstream's status and headers to the browser. False when Node refused them (it throws on a value
   * it will not write): then the browser gets a 502 that says so, the upstream is let go, and nothing throws
   * into the dev server, here or from the flush timer above.
   */
  private commitHeaders(): boolean {
    const answer = this.answer as UpstreamAnswer;
    const res = this.res;
    dropHostCorsHeaders(res);
    try {
      // HTTP/2 has no status message (Node warns when given one).
      if (this.http1) res.writeHead(answer.statusCode, writableReason(answer.statusMessage), answer.headers);
      else res.writeHead(answer.statusCode, answer.headers);
      return true;
    } catch (error) {
      // writeHead keeps a refused status message, and the 502's own headers would trip over it.
      res.statusMessage = '';
      this.discard = true;
      const refused = new UnwritableAnswerError(error as Error);
      this.callbacks.onError(refused);
      this.destroy(refused);
      return false;
    }
  }
}

/**
 * Sends one browser request to the route's target on a pooled connection (undici, upstream-pool.ts) and
 * streams the answer back, bodies streamed both ways with backpressure, nothing buffered.
 *
 * HTTP requests are forwarded here rather than through http-proxy-middleware: on the small-JSON benchmark its
 * per-request option copies, promise hops and header passes cost about as much CPU as the whole minimal proxy
 * (BENCHMARKS.md, "How the hot path got here"); and on undici rather than `http.request`, whose minimal proxy
 * undici's beats by half again (issue 16). WebSocket upgrades still go through http-proxy-middleware.
 *
 * `headers` are the upstream request headers (already rewritten, see request-headers.ts), sent with their
 * names and values as they are; `path` is the upstream path, target path included. Returns the exchange;
 * when the request cannot even be built (a header value no HTTP client may send), onError has been called
 * instead: the browser gets a 502 that names the problem, and nothing throws into the dev server. When the
 * browser leaves first, the caller destroys the exchange (route-handler.ts does, in its one 'close'
 * listener): an abandoned upload then never reaches the upstream as if complete, and an abandoned event stream
 * stops upstream too.
 */
export function forwardHttpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  dispatcher: UpstreamDispatcher,
  origin: string,
  path: string,
  headers: IncomingHttpHeaders,
  callbacks: ForwardCallbacks,
  /** Counts the body bytes sent to the browser (the dashboard's record), when given. */
  meter?: { bytes: number },
): UpstreamExchange {
  const handler = new ForwardHandler(res, req.httpVersionMajor === 1, callbacks, meter);
  // A request without a body (nearly every GET) goes out without one. HTTP/2 may carry a body without either
  // header, so it is always streamed. No `Content-Length: 0` is added to a bodiless DELETE or OPTIONS as
  // node-http-proxy does (for Node versions that chunked them): without a length or chunked framing an HTTP/1.1
  // request has no body (RFC 9112 §6.3), and undici drops a zero length for methods without payload semantics.
  const bodyless =
    req.httpVersionMajor === 1 &&
    req.headers['transfer-encoding'] === undefined &&
    (req.headers['content-length'] === undefined || req.headers['content-length'] === '0');
  // Every failure, a header value undici refuses included, reaches handler.onError (upstream-pool.ts).
  dispatcher.dispatch(
    {
      origin,
      method: req.method as Dispatcher.HttpMethod,
      path,
      headers: headers as Record<string, string | string[]>,
      // undici accepts async iterables (lib/dispatcher/client-h1.js, writeIterable); its types do not say so.
      body: bodyless ? null : (requestBody(req) as unknown as Dispatcher.DispatchOptions['body']),
    },
    handler,
  );
  return handler;
}
