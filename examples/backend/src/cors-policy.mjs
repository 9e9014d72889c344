/**
 * The CORS policy of a strict production API: exactly one allowed origin, credentials allowed,
 * nothing reflected, no wildcard. It is strict on purpose — a page served from the dev server's
 * origin is refused, which is the problem the dev proxy exists to solve.
 *
 * Pure: it decides from plain values and returns plain header records; `server.mjs` applies them.
 */

export const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';
export const ALLOWED_HEADERS = 'content-type, authorization';

/**
 * @typedef {object} CorsVerdict
 * @property {'actual' | 'preflight-allowed' | 'preflight-denied'} kind
 *   `actual`: serve the request and add `headers`; `preflight-*`: answer the OPTIONS request now.
 * @property {Record<string, string>} headers Response headers to set, lower-case names.
 */

/**
 * @param {{ origin: string | undefined, method: string | undefined, allowedOrigin: string }} input
 * @returns {CorsVerdict}
 */
export function resolveCorsVerdict({ origin, method, allowedOrigin }) {
  // Exact string comparison, as browsers do: no case folding, no trailing-slash tolerance, and
  // the literal `null` origin (sandboxed iframes, file://) is never allowed.
  const isAllowed = origin !== undefined && origin === allowedOrigin;

  // `Vary: Origin` goes on every response, including ones without CORS headers, so a shared
  // cache never hands a response computed for one origin to another.
  /** @type {Record<string, string>} */
  const headers = { vary: 'Origin' };
  if (isAllowed) {
    headers['access-control-allow-origin'] = allowedOrigin;
    headers['access-control-allow-credentials'] = 'true';
  }

  if (method !== 'OPTIONS') return { kind: 'actual', headers };

  // Every OPTIONS request is treated as a preflight. One from an unknown origin — or with its
  // Origin stripped by a proxy — is refused outright, so a test sees a clear 403 rather than a
  // 204 whose missing headers only a browser would notice.
  if (!isAllowed) return { kind: 'preflight-denied', headers };

  return {
    kind: 'preflight-allowed',
    headers: {
      ...headers,
      // The lists are fixed rather than echoed from Access-Control-Request-*; the browser
      // compares them with what the page asked for, which is the strict production behaviour.
      // No Access-Control-Max-Age: browser tests must not reuse a preflight cached by an
      // earlier test.
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
    },
  };
}
