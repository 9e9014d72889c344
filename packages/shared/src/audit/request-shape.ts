import type { IncomingHttpHeaders } from 'node:http';
import { analyzeRequestHeaders, isSafelistedMethod, normalizeMethod } from '../cors/request-rules.js';
import type { CredentialsMode, HeaderLine, Initiator } from '../cors/types.js';
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
  /**
   * How `credentials` was decided: `page` — the page's own `fetch`/XHR call said so (its credentials mode is in
   * `pageCall`); `cookies` — the page script did not see the call, so the request carrying cookies counts as
   * "production will need credentials"; `option` — `production.credentials` in the config.
   */
  readonly credentialsFrom: CredentialsSource;
  /** What the page's call looked like, when the page script reported it. */
  readonly pageCall?: {
    readonly initiator: Initiator;
    readonly credentials: CredentialsMode;
    readonly mode: string;
  };
}

export type CredentialsSource = 'page' | 'cookies' | 'option';

/**
 * Headers the browser adds itself or that only exist because the request came through a dev server: they
 * are not the app's and must not be replayed (they are forbidden, or Chromium sets them).
 */
const browserOwned =
  /^(host|connection|origin|referer|cookie|user-agent|accept-encoding|accept-language|content-length|sec-|priority$|pragma$|cache-control$|upgrade-insecure-requests$|x-forwarded-|if-none-match$|if-modified-since$|dnt$|te$)/i;

export type CredentialsPolicy = 'auto' | 'include' | 'omit';

/**
 * Reduces a request seen by the dev proxy to its shape. With `auto`, credentials are assumed when the request
 * carries cookies: through the proxy the page is same-origin, so its cookies flow with fetch's default
 * `same-origin` mode, and the cross-origin production page will need `credentials: 'include'` for them. An
 * `Authorization` header is not a credential in Fetch's sense: the page sets it itself, it is an ordinary
 * (CORS-unsafe) request header, and assuming credentials for it would advise enabling
 * `Access-Control-Allow-Credentials` for nothing. The page script's report of the real call
 * (`withPageCall`) replaces this guess whenever it is available.
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
  const credentials =
    credentialsPolicy === 'include' || (credentialsPolicy === 'auto' && request.headers.cookie !== undefined);
  const shape = { prefix, method, pathPattern, examplePath, unsafeHeaders, pageHeaders, credentials };
  return {
    ...shape,
    key: shapeKey(shape),
    credentialsFrom: credentialsPolicy === 'auto' ? 'cookies' : 'option',
  };
}

export function shapeKey(
  shape: Pick<RequestShape, 'method' | 'pathPattern' | 'unsafeHeaders' | 'credentials'>,
) {
  const headers = shape.unsafeHeaders.length > 0 ? ` [${shape.unsafeHeaders.join(',')}]` : '';
  return `${shape.method} ${shape.pathPattern}${headers}${shape.credentials ? ' credentials' : ''}`;
}

/** The shape as the page's own call made it: its credentials mode decides, and its initiator names the API. */
export function withPageCall(
  shape: RequestShape,
  call: { readonly initiator: Initiator; readonly credentials: CredentialsMode; readonly mode: string },
): RequestShape {
  const credentials = call.credentials === 'include';
  const pageCall = { initiator: call.initiator, credentials: call.credentials, mode: call.mode };
  return {
    ...shape,
    credentials,
    key: shapeKey({ ...shape, credentials }),
    credentialsFrom: 'page',
    pageCall,
  };
}

/** Whether Chromium would send a preflight for this shape (for summaries; the engine decides for real). */
export function shapeNeedsPreflight(shape: RequestShape): boolean {
  return !isSafelistedMethod(shape.method) || shape.unsafeHeaders.length > 0;
}
