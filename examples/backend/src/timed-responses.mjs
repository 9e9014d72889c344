/**
 * Responses that take time on purpose: `GET /api/slow` for proxy timeout tests and
 * `GET /api/stream-chunks` for chunked-streaming tests. Their timers are cleared when the client
 * (or `close()`) ends the connection, so nothing keeps the process alive after a test.
 */

import { readIntegerParam, sendJson } from './http-helpers.mjs';

/** @param {import('./routes.mjs').RouteContext} context */
export function slowHandler({ req, res, url }) {
  const ms = readIntegerParam(url.searchParams, 'ms', { fallback: 1000, min: 0, max: 600_000 });
  // `?hints=1`: interim responses first, as a backend that is still working or preloads does.
  if (url.searchParams.get('hints') === '1') {
    res.writeProcessing();
    res.writeEarlyHints({ link: '</api/hello>; rel=preload; as=fetch' });
  }
  const timer = setTimeout(function answerLate() {
    if (!res.destroyed) sendJson(res, 200, { sleptMs: ms });
  }, ms);
  res.once('close', function cancelAnswer() {
    clearTimeout(timer);
  });
  req.on('error', ignoreError);
  res.on('error', ignoreError);
}

/** @param {import('./routes.mjs').RouteContext} context */
export function streamChunksHandler({ req, res, url }) {
  const count = readIntegerParam(url.searchParams, 'count', { fallback: 5, min: 0, max: 10_000 });
  // A pause between writes keeps the kernel from coalescing lines into one TCP segment, so a
  // client really receives them one by one unless something in between buffers.
  const interval = readIntegerParam(url.searchParams, 'interval', { fallback: 50, min: 0, max: 60_000 });
  req.on('error', ignoreError);
  res.on('error', ignoreError);

  // No Content-Length, so Node sends Transfer-Encoding: chunked with one chunk per write().
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });

  let sent = 0;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  res.once('close', function stopChunks() {
    clearTimeout(timer);
  });

  function writeChunk() {
    if (res.destroyed) return;
    if (sent >= count) {
      res.end();
      return;
    }
    res.write(`chunk ${sent}\n`);
    sent += 1;
    timer = setTimeout(writeChunk, sent >= count ? 0 : interval);
  }
  writeChunk();
}

function ignoreError() {}
