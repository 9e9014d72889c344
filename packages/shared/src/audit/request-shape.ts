import type { IncomingHttpHeaders } from 'node:http';
import { analyzeRequestHeaders, isSafelistedMethod, normalizeMethod } from '../cors/request-rules.js';
import type { HeaderLine } from '../cors/types.js';
import { collapsePath } from './path-pattern.js';

/**
 * What decides a request's CORS fate, without the values that vary per call: one shape is judged once, however
 * often the app sends it.
 */
export interface RequestShape {
  /** Stable key, e.g. `PUT /api/orders/:id [content-type,x-request-id] credentials`. */
  readonly key: string;
  /** The route prefix it went through. */
  readonly prefix: string;
  readonly method: string;
  /** Local path with ids collapsed. */
  readonly pathPattern: string;
  /** One real path of this shape (probes use it: production has no `:id`). */
  readonly examplePath: string;
  /** CORS-unsafe request header names the page set, lower-cased, sorted. */
  readonly unsafeHeaders: readonly string[];
  /** The headers a browser page would set, in order (name and a representative value): replayed to production. */
  readonly pageHeaders: readonly HeaderLine[];
  /** Whether the production app will send it with credentials. */
  readonly credentials: boolean;
}

/**
 * Headers the browser adds itself or that only exist because the request came through a dev server: they
 * are not the app's and must not be replayed (they are forbidden, or Chromium sets them).
 */
const browserOwned =
  /^(host|connection|origin|referer|cookie|user-agent|accept-encoding|accept-language|content-length|sec-|priority$|pragma$|cache-control$|upgrade-insecure-requests$|x-forwarded-|if-none-match$|if-modified-since$|dnt$|te$)/i;

export type CredentialsPolicy = 'auto' | 'include' | 'omit';

/**
 * Reduces a request seen by the dev proxy to its shape. With `auto`, credentials are assumed when the request
 * carries cookies or an Authorization header (the app would need `credentials: 'include'` cross-origin).
 */
export function shapeOfRequest(
  request: { method: string; url: string; headers: IncomingHttpHeaders },
  prefix: string,
  credentialsPolicy: CredentialsPolicy,
): RequestShape {
  const method = normalizeMethod(request.method);
  const examplePath = request.url.split('?')[0] || '/';
  const pathPattern = collapsePath(examplePath);
  const pageHeaders: HeaderLine[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':') || browserOwned.test(name)) continue;
    pageHeaders.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  const unsafeHeaders = [...analyzeRequestHeaders(pageHeaders).unsafeNames].sort();
  const hasCredentials = request.headers.cookie !== undefined || request.headers.authorization !== undefined;
  const credentials = credentialsPolicy === 'include' || (credentialsPolicy === 'auto' && hasCredentials);
  const key = `${method} ${pathPattern}${unsafeHeaders.length > 0 ? ` [${unsafeHeaders.join(',')}]` : ''}${credentials ? ' credentials' : ''}`;
  return { key, prefix, method, pathPattern, examplePath, unsafeHeaders, pageHeaders, credentials };
}

/** Whether Chromium would send a preflight for this shape (for summaries; the engine decides for real). */
export function shapeNeedsPreflight(shape: RequestShape): boolean {
  return !isSafelistedMethod(shape.method) || shape.unsafeHeaders.length > 0;
}
