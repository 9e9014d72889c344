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
  origin: LocalOrigin,
): ResponseHeaderRewrite {
  for (const name of strippedResponseHeaders) delete headers[name];
  if (statusCode !== 101) delete headers.upgrade;

  if (typeof headers.location === 'string')
    headers.location = rewriteUpstreamUrl(headers.location, route, routes, origin);
  const contentLocation = headers['content-location'];
  if (typeof contentLocation === 'string') {
    headers['content-location'] = rewriteUpstreamUrl(contentLocation, route, routes, origin);
  }
  if (typeof headers.link === 'string') headers.link = rewriteLinkHeader(headers.link, route, routes, origin);

  const cookies: { name: string; rewrite: CookieRewrite }[] = [];
  if (headers['set-cookie']) {
    headers['set-cookie'] = headers['set-cookie'].map((value) => {
      const rewrite = rewriteSetCookie(value, route, origin);
      cookies.push({ name: value.slice(0, Math.max(0, value.indexOf('='))).trim(), rewrite });
      return rewrite.value;
    });
  }
  return { cookies };
}
