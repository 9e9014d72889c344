/**
 * `GET /api/events` (Server-Sent Events) and `POST /api/events/ack`.
 *
 * With `?ack=1` the stream only advances when the client acknowledges what it has received, so a
 * proxy that buffers the response deadlocks the test instead of passing it slowly — streaming is
 * proven without relying on timing.
 */

import { randomBytes } from 'node:crypto';
import { HttpError, readIntegerParam, sendEmpty } from './http-helpers.mjs';

/**
 * @typedef {object} OpenStream
 * @property {number} lastSent The `n` of the last `tick` written, -1 before the first.
 * @property {(() => void) | undefined} release Sends the next event; set while waiting for an ack.
 */

/**
 * Creates the handlers for one server instance; stream ids are only valid on the server that
 * issued them.
 */
export function createEventStreamHandlers() {
  /** @type {Map<string, OpenStream>} */
  const openStreams = new Map();

  /** @param {import('./routes.mjs').RouteContext} context */
  function eventStreamHandler({ req, res, url }) {
    const count = readIntegerParam(url.searchParams, 'count', { fallback: 5, min: 0, max: 10_000 });
    const interval = readIntegerParam(url.searchParams, 'interval', { fallback: 300, min: 0, max: 60_000 });
    const ackMode = url.searchParams.get('ack') === '1' || url.searchParams.get('ack') === 'true';
    const id = randomBytes(8).toString('hex');

    /** @type {OpenStream} */
    const stream = { lastSent: -1, release: undefined };
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    openStreams.set(id, stream);
    res.once('close', function forgetStream() {
      clearTimeout(timer);
      openStreams.delete(id);
    });
    // A client that goes away mid-stream surfaces as an error on the request; it is expected.
    req.on('error', ignoreError);
    res.on('error', ignoreError);

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });

    /** @param {string} name @param {unknown} data */
    function writeEvent(name, data) {
      if (res.writableEnded || res.destroyed) return;
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    }

    function sendNext() {
      stream.release = undefined;
      const n = stream.lastSent + 1;
      if (n >= count) {
        writeEvent('done', { count });
        res.end();
        return;
      }
      writeEvent('tick', { n });
      stream.lastSent = n;
      scheduleNext();
    }

    function scheduleNext() {
      // In ack mode even `done` waits for the ack of the last tick, so a client that acks every
      // tick never races the stream's end and gets a 404 for its final ack.
      if (ackMode) stream.release = sendNext;
      else timer = setTimeout(sendNext, interval);
    }

    writeEvent('hello', { stream: id });
    if (count === 0) {
      sendNext();
      return;
    }
    writeEvent('tick', { n: 0 });
    stream.lastSent = 0;
    scheduleNext();
  }

  /** @param {import('./routes.mjs').RouteContext} context */
  function eventAckHandler({ res, url }) {
    const id = url.searchParams.get('stream') ?? '';
    const stream = openStreams.get(id);
    if (!stream) {
      throw new HttpError(
        404,
        `no open event stream "${id}" (it has ended, or was opened on another server)`,
      );
    }
    const n = readIntegerParam(url.searchParams, 'n', { fallback: -1, min: 0, max: Number.MAX_SAFE_INTEGER });
    if (n > stream.lastSent) {
      // Acknowledging an event that was never sent means the client did not actually read it.
      throw new HttpError(409, `event ${n} has not been sent yet; the last sent tick is ${stream.lastSent}`);
    }
    // Acks of older events are accepted and ignored, so a retried request is harmless.
    if (n === stream.lastSent) stream.release?.();
    sendEmpty(res, 204);
  }

  return { eventStreamHandler, eventAckHandler };
}

function ignoreError() {}
