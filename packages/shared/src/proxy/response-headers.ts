import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedRoute } from '../config/options.js';
import { type CookieRewrite, rewriteSetCookie } from './cookies.js';
import type { LocalOrigin } from './local-origin.js';
import { rewriteLinkHeader, rewriteUpstreamUrl } from './redirects.js';

/**
 * Response headers that describe the upstream connection, not the response. `connection` and
 * `transfer-encoding` are managed by the proxy engine; these others would confuse the browser, and on
 * HTTP/2 (Vite with https) they are illegal.
 */
const strippedResponseHeaders = ['keep-alive', 'proxy-connection', 'proxy-authenticate', 'te', 'trailer'];

export interface ResponseHeaderRewrite {
  readonly cookies: readonly { readonly name: string; readonly rewrite: CookieRewrite }[];
}

/**
 * Rewrites an upstream response's headers in place so they work on the local origin: cookies (see cookies.ts),
 * `Location` on any status (303 included), `Content-Location` and `Link`.
 */
export function rewriteResponseHeaders(
  headers: IncomingHttpHeaders,
  statusCode: number,
  route: ResolvedRoute,
  routes: readonly ResolvedRoute[],
  localOrigin: () => LocalOrigin,
): ResponseHeaderRewrite {
  // `in` before `delete`: deleting a property V8 never had still turns the object into a slow dictionary.
  for (const name of strippedResponseHeaders) if (name in headers) delete headers[name];
  if (statusCode !== 101 && 'upgrade' in headers) delete headers.upgrade;

  const location = headers.location;
  const contentLocation = headers['content-location'];
  const link = headers.link;
  const setCookie = headers['set-cookie'];
  const cookies: { name: string; rewrite: CookieRewrite }[] = [];
  // Most API responses carry none of these: the local origin is worked out only when one is there.
  if (
    location === undefined &&
    contentLocation === undefined &&
    link === undefined &&
    setCookie === undefined
  ) {
    return { cookies };
  }
  const origin = localOrigin();
  if (typeof location === 'string') headers.location = rewriteUpstreamUrl(location, route, routes, origin);
  if (typeof contentLocation === 'string') {
    headers['content-location'] = rewriteUpstreamUrl(contentLocation, route, routes, origin);
  }
  if (typeof link === 'string') headers.link = rewriteLinkHeader(link, route, routes, origin);
  if (setCookie) {
    headers['set-cookie'] = setCookie.map((value) => {
      const rewrite = rewriteSetCookie(value, route, origin);
      cookies.push({ name: value.slice(0, Math.max(0, value.indexOf('='))).trim(), rewrite });
      return rewrite.value;
    });
  }
  return { cookies };
}
