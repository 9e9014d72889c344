import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedRoute } from '../config/options.js';
import { type CookieRewrite, rewriteSetCookie } from './cookies.js';
import type { LocalOrigin } from './local-origin.js';
import { rewriteLinkHeader, rewriteUpstreamUrl } from './redirects.js';

export interface ResponseHeaderRewrite {
  readonly cookies: readonly { readonly name: string; readonly rewrite: CookieRewrite }[];
}

/** The answer for a response with nothing to rewrite (most of them): shared, never changed. */
const nothingRewritten: ResponseHeaderRewrite = Object.freeze({ cookies: Object.freeze([]) });

/**
 * Rewrites an upstream response's headers in place so they work on the local origin: cookies (see cookies.ts),
 * `Location` on any status (303 included), `Content-Location` and `Link`. The connection's own fields were
 * never read in (upstream-headers.ts).
 */
export function rewriteResponseHeaders(
  headers: IncomingHttpHeaders,
  route: ResolvedRoute,
  routes: readonly ResolvedRoute[],
  localOrigin: () => LocalOrigin,
): ResponseHeaderRewrite {
  const location = headers.location;
  const contentLocation = headers['content-location'];
  const link = headers.link;
  const setCookie = headers['set-cookie'];
  // Most API responses carry none of these: the local origin is worked out only when one is there.
  if (
    location === undefined &&
    contentLocation === undefined &&
    link === undefined &&
    setCookie === undefined
  ) {
    return nothingRewritten;
  }
  const cookies: { name: string; rewrite: CookieRewrite }[] = [];
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
