/**
 * Keep-alive HTTP load with autocannon (20 connections by default), in the runner's process. Every response
 * body is compared with the expected one, so a proxy that answers fast but wrong counts as broken.
 */
import autocannon from 'autocannon';

/**
 * @typedef {{ rps: number, p50: number, p99: number, requests: number, durationS: number,
 *   errors: number, timeouts: number, non2xx: number, mismatches: number }} LoadResult
 */

/**
 * @param {{ url: string, connections: number, durationS: number, method?: string, body?: Buffer,
 *   headers?: Record<string, string>, expectBody?: string }} options
 * @returns {Promise<LoadResult>}
 */
export async function runHttpLoad({
  url,
  connections,
  durationS,
  method = 'GET',
  body,
  headers,
  expectBody,
}) {
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    method: /** @type {any} */ (method),
    pipelining: 1,
    timeout: 10,
    ...(body ? { body } : {}),
    ...(headers ? { headers } : {}),
    ...(expectBody ? { expectBody } : {}),
    setupClient: followConnectionClose,
  });
  return {
    // Completed requests over the wall-clock time autocannon measured (its per-second mean drops partial seconds).
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    durationS: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches ?? 0,
  };
}

/**
 * What went wrong in a load run, or undefined when every response was the expected one.
 * @param {LoadResult} result
 */
export function describeLoadFailure(result) {
  const problems = [];
  if (result.requests === 0) problems.push('no request completed');
  if (result.errors) problems.push(`${result.errors} errors`);
  if (result.timeouts) problems.push(`${result.timeouts} timeouts`);
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx responses`);
  if (result.mismatches) problems.push(`${result.mismatches} responses with the wrong body`);
  return problems.length > 0 ? problems.join(', ') : undefined;
}

/**
 * Makes an autocannon client wait for its reconnect when a response says `Connection: close` (Vite's
 * server.proxy answers every proxied request so). Left alone, autocannon writes the next request on the closing
 * socket; that request is lost but its start time stays queued, so every later latency is measured from an
 * older request and p50 reads hundreds of milliseconds. (autocannon's `reconnectRate` does not help: it drops
 * the response it reconnects after from the count.) Keep-alive responses are untouched.
 * @param {any} client autocannon's Client (its `headers` event and `_connect`/`_doRequest` methods)
 */
function followConnectionClose(client) {
  let closing = false;
  client.on('headers', (/** @type {{ shouldKeepAlive: boolean }} */ info) => {
    closing = !info.shouldKeepAlive;
  });
  const doRequest = client._doRequest;
  client._doRequest = function doRequestUnlessClosing(/** @type {unknown[]} */ ...args) {
    if (closing) return undefined;
    return doRequest.apply(this, args);
  };
  const connect = client._connect;
  client._connect = function connectAndResume(/** @type {unknown[]} */ ...args) {
    closing = false;
    return connect.apply(this, args);
  };
}
