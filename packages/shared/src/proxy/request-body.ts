import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/**
 * A body of known length as undici reads it: a readable fed straight from the browser's request, with
 * backpressure both ways (a full buffer pauses the request, undici's next read resumes it), so a request
 * waiting for a starting backend buffers at most one high-water mark.
 *
 * Rather than a PassThrough piped from the request (what was here before, and as fast: uploads cost ~1.2× the
 * CPU per GiB of the minimal undici proxy either way; BENCHMARKS.md, issue 16, session 9), because what happens
 * to the request when undici is done is ours to say: destroying this stream (undici does, when it is done or
 * stops reading early, e.g. a backend that answered 413 first) never destroys the request, and what the browser
 * still sends is read and dropped, so its connection stays usable for the next request (request-bodies.ts in
 * the host suite checks it). Unpiping a PassThrough instead leaves the request paused.
 */
class RequestBodyStream extends Readable {
  private readonly onData = (chunk: Buffer) => {
    if (!this.push(chunk)) this.req.pause();
  };
  private readonly onEnd = () => {
    this.push(null);
  };

  constructor(private readonly req: IncomingMessage) {
    super();
    req.on('data', this.onData);
    req.on('end', this.onEnd);
  }

  override _read(): void {
    this.req.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.req.removeListener('data', this.onData);
    this.req.removeListener('end', this.onEnd);
    if (!this.req.readableEnded) this.req.resume();
    callback(error);
  }
}

/**
 * The browser's body as undici reads it.
 *
 * Never the incoming request itself: undici destroys a body stream when it is done with it, and the incoming
 * request destroyed would close the browser's connection (HTTP/2: its stream, with the response still to
 * come), or lose `req.socket` (undici detaches it from an IncomingMessage first), which the rewrites read.
 * - A body of known length goes as the stream above.
 * - A chunked body goes as an iterator over the request: undici takes a stream that has already ended (a small
 *   body that arrived while the connection was opening) as one of known length and rewrites the framing the
 *   browser chose into a Content-Length. `destroyOnReturn: false` leaves the request alone when undici stops
 *   reading early (an upstream that failed or answered first).
 */
export function requestBody(req: IncomingMessage): AsyncIterable<Buffer> | Readable {
  if (req.headers['content-length'] !== undefined) return new RequestBodyStream(req);
  return { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) };
}
