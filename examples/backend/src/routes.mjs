/**
 * The route table and the handlers small enough to live beside it. Streaming and timed routes
 * have their own files.
 */

import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { createEventStreamHandlers } from './event-stream.mjs';
import { HttpError, readBody, readCookie, sendEmpty, sendJson } from './http-helpers.mjs';
import { slowHandler, streamChunksHandler } from './timed-responses.mjs';

/**
 * @typedef {object} RouteContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {URL} url
 * @property {Record<string, string>} params Named segments of the matched path.
 */

/**
 * @typedef {object} Route
 * @property {string} method
 * @property {RegExp} pattern Anchored; named groups become `params`.
 * @property {(context: RouteContext) => void | Promise<void>} handler
 */

/**
 * @param {{ selfOrigin: string, cookieDomain: string }} options
 *   `selfOrigin` is this server's own listening origin, e.g. `http://127.0.0.1:8787`.
 * @returns {Route[]}
 */
export function createRoutes({ selfOrigin, cookieDomain }) {
  /** @type {Set<string>} */
  const sessions = new Set();
  const { eventStreamHandler, eventAckHandler } = createEventStreamHandlers();

  /** @param {RouteContext} context */
  function helloHandler({ req, res, url }) {
    sendJson(res, 200, {
      message: 'Hello from the backend',
      method: req.method,
      path: url.pathname,
      host: req.headers.host,
      origin: req.headers.origin ?? null,
      referer: req.headers.referer ?? null,
      query: Object.fromEntries(url.searchParams),
    });
  }

  /** @param {RouteContext} context */
  function echoHeadersHandler({ req, res }) {
    sendJson(res, 200, req.headers);
  }

  /** @param {RouteContext} context */
  async function loginHandler({ req, res }) {
    await readBody(req);
    const session = `s3cr3t-${randomBytes(12).toString('hex')}`;
    sessions.add(session);
    sendJson(
      res,
      200,
      { ok: true },
      {
        // Each attribute here breaks a login behind a dev proxy on its own: Domain does not match
        // localhost, Secure is dropped on http://, and SameSite=None requires Secure.
        'set-cookie': `session=${session}; Domain=${cookieDomain}; Path=/; Secure; HttpOnly; SameSite=None`,
      },
    );
  }

  /** @param {RouteContext} context */
  function meHandler({ req, res }) {
    const session = readCookie(req.headers.cookie, 'session');
    if (session === undefined || !sessions.has(session)) {
      sendJson(res, 401, { error: 'not logged in' });
      return;
    }
    sendJson(res, 200, { user: 'ada', session });
  }

  /** @param {RouteContext} context */
  function listOrdersHandler({ res, url }) {
    // Exists so the `rel="next"` link from /api/link leads somewhere.
    sendJson(res, 200, {
      page: url.searchParams.get('page') ?? '1',
      orders: [{ id: '42', status: 'created' }],
    });
  }

  /** @param {RouteContext} context */
  async function createOrderHandler({ req, res }) {
    const body = await readBody(req);
    if (body.length > 0) {
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'request body is not valid JSON');
      }
    }
    // Absolute and built from the listening address, not the Host header: a proxy that rewrites
    // Host to the upstream must also rewrite this Location, or the browser leaves the dev origin.
    sendEmpty(res, 303, { location: `${selfOrigin}/api/orders/42` });
  }

  /** @param {RouteContext} context */
  function getOrderHandler({ res, params }) {
    sendJson(res, 200, { id: params.id, status: 'created' });
  }

  /** @param {RouteContext} context */
  function statusHandler({ res, params }) {
    const status = Number(params.code);
    // 1xx cannot be sent as a final response, and Node refuses codes outside 100–999.
    if (status < 200 || status > 599) {
      throw new HttpError(400, `status must be from 200 to 599, got ${params.code}`);
    }
    if (status === 204 || status === 205 || status === 304) {
      sendEmpty(res, status);
      return;
    }
    sendJson(res, status, { status, message: STATUS_CODES[status] ?? 'Unknown' });
  }

  /** @param {RouteContext} context */
  function linkHandler({ res }) {
    sendJson(
      res,
      200,
      { next: `${selfOrigin}/api/orders?page=2` },
      {
        link: `<${selfOrigin}/api/orders?page=2>; rel="next"`,
        'content-location': `${selfOrigin}/api/orders/42`,
      },
    );
  }

  return [
    { method: 'GET', pattern: /^\/api\/hello$/, handler: helloHandler },
    { method: 'GET', pattern: /^\/api\/echo-headers$/, handler: echoHeadersHandler },
    { method: 'POST', pattern: /^\/api\/login$/, handler: loginHandler },
    { method: 'GET', pattern: /^\/api\/me$/, handler: meHandler },
    { method: 'GET', pattern: /^\/api\/orders$/, handler: listOrdersHandler },
    { method: 'POST', pattern: /^\/api\/orders$/, handler: createOrderHandler },
    { method: 'GET', pattern: /^\/api\/orders\/(?<id>[^/]+)$/, handler: getOrderHandler },
    { method: 'GET', pattern: /^\/api\/events$/, handler: eventStreamHandler },
    { method: 'POST', pattern: /^\/api\/events\/ack$/, handler: eventAckHandler },
    { method: 'GET', pattern: /^\/api\/slow$/, handler: slowHandler },
    { method: 'GET', pattern: /^\/api\/status\/(?<code>\d{3})$/, handler: statusHandler },
    { method: 'GET', pattern: /^\/api\/stream-chunks$/, handler: streamChunksHandler },
    { method: 'GET', pattern: /^\/api\/link$/, handler: linkHandler },
  ];
}

/**
 * @typedef {{ kind: 'found', route: Route, params: Record<string, string> }
 *   | { kind: 'wrong-method', allowedMethods: string[] }
 *   | { kind: 'not-found' }} RouteMatch
 */

/**
 * @param {Route[]} routes
 * @param {string} method
 * @param {string} pathname
 * @returns {RouteMatch}
 */
export function matchRoute(routes, method, pathname) {
  /** @type {string[]} */
  const allowedMethods = [];
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    // HEAD is served by the GET handler; Node drops the body for HEAD responses by itself.
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
      return { kind: 'found', route, params: { ...match.groups } };
    }
    allowedMethods.push(route.method);
  }
  return allowedMethods.length > 0 ? { kind: 'wrong-method', allowedMethods } : { kind: 'not-found' };
}
