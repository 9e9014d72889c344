/**
 * The example backend: a strict production-style API used by the example app and as the real
 * upstream in integration and browser tests. See README.md for the routes.
 */

import { createServer } from 'node:http';
import { isIPv6 } from 'node:net';
import { resolveCorsVerdict } from './cors-policy.mjs';
import { HttpError, sendEmpty, sendJson } from './http-helpers.mjs';
import { createRoutes, matchRoute } from './routes.mjs';
import { createWebSocketEcho } from './websocket-echo.mjs';

/**
 * Defaults are written in the descriptions rather than as `@default` tags: inside a `@typedef`,
 * TypeScript's JSDoc parser ends the property list at the first `@default`.
 *
 * @typedef {object} BackendOptions
 * @property {string} [host] Interface to listen on. Default: `'127.0.0.1'`.
 * @property {number} [port] Port to listen on; 0 (the default) picks a free one, which tests should use.
 * @property {string} [cookieDomain] `Domain` attribute of the session cookie set by `POST /api/login`.
 *   Default: `'example.com'`.
 * @property {string} [allowedOrigin] The only origin that receives CORS headers.
 *   Default: `'https://app.example.com'`.
 */

/**
 * @typedef {object} RunningBackend
 * @property {string} url Origin of the server, e.g. `http://127.0.0.1:54321`, without a trailing slash.
 * @property {number} port
 * @property {string} host The address actually bound.
 * @property {import('node:http').Server} server
 * @property {() => Promise<void>} close Ends every open connection (SSE, WebSocket, keep-alive) at once.
 */

/**
 * Starts the backend and resolves once it is listening.
 *
 * @example
 * const backend = await startBackend();
 * const res = await fetch(`${backend.url}/api/hello`);
 * await backend.close();
 *
 * @param {BackendOptions} [options]
 * @returns {Promise<RunningBackend>}
 */
export async function startBackend({
  host = '127.0.0.1',
  port = 0,
  cookieDomain = 'example.com',
  allowedOrigin = 'https://app.example.com',
} = {}) {
  const server = createServer();
  await listen(server, host, port);

  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${formatUrlHost(address.address)}:${address.port}`;
  const routes = createRoutes({ selfOrigin: url, cookieDomain });
  const webSocketEcho = createWebSocketEcho();

  // Handlers are attached only now, once the origin used in Location and Link headers is known;
  // no connection is accepted before the `listening` callback has run.
  server.on('request', function backendRequestHandler(req, res) {
    handleRequest(req, res, routes, allowedOrigin).catch(function answerFailure(error) {
      sendError(res, error);
    });
  });
  server.on('upgrade', function backendUpgradeHandler(req, socket, head) {
    webSocketEcho.upgradeHandler(req, socket, head, parseRequestUrl(req));
  });

  /** @type {Promise<void> | undefined} */
  let closing;
  function close() {
    closing ??= new Promise((resolve) => {
      server.close(function closed() {
        resolve();
      });
      webSocketEcho.terminateAll();
      // Destroying the sockets fires each response's `close`, which clears SSE and slow timers.
      server.closeAllConnections();
    });
    return closing;
  }

  return { url, port: address.port, host: address.address, server, close };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('./routes.mjs').Route[]} routes
 * @param {string} allowedOrigin
 */
async function handleRequest(req, res, routes, allowedOrigin) {
  req.on('error', ignoreError);
  res.on('error', ignoreError);

  const verdict = resolveCorsVerdict({ origin: req.headers.origin, method: req.method, allowedOrigin });
  for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
  if (verdict.kind === 'preflight-allowed') {
    sendEmpty(res, 204);
    return;
  }
  if (verdict.kind === 'preflight-denied') {
    sendJson(res, 403, { error: `origin ${JSON.stringify(req.headers.origin ?? null)} is not allowed` });
    return;
  }

  const url = parseRequestUrl(req);
  const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
  if (match.kind === 'not-found') {
    sendJson(res, 404, { error: 'not found', path: url.pathname });
    return;
  }
  if (match.kind === 'wrong-method') {
    const allow = match.allowedMethods.join(', ');
    sendJson(res, 405, { error: `method ${req.method} not allowed; use ${allow}` }, { allow });
    return;
  }
  await match.route.handler({ req, res, url, params: match.params });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} error
 */
function sendError(res, error) {
  // An aborted client leaves nothing to answer; a half-sent stream can only be cut.
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendJson(res, error.status, { error: error.message }, error.headers);
    return;
  }
  sendJson(res, 500, { error: 'internal error' });
}

/** @param {import('node:http').IncomingMessage} req */
function parseRequestUrl(req) {
  // The base only completes origin-form targets (`/api/x`); absolute-form ones keep their own.
  return new URL(req.url ?? '/', 'http://backend.invalid');
}

/**
 * @param {import('node:http').Server} server
 * @param {string} host
 * @param {number} port
 * @returns {Promise<void>}
 */
function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, function listening() {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Turns the bound address into something a client can connect to. Wildcard addresses become
 * loopback because browsers refuse 0.0.0.0 as a destination (Chrome's Private Network Access
 * blocks it), and IPv6 literals need brackets inside a URL.
 *
 * @param {string} address
 */
function formatUrlHost(address) {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return isIPv6(address) ? `[${address}]` : address;
}

function ignoreError() {}
