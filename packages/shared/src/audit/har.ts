import { type RequestShape, shapeOfRequest } from './request-shape.js';

/**
 * Reading a HAR (HTTP Archive 1.2, http://www.softwareishard.com/blog/har-12-spec/) exported from browser
 * DevTools, for `cors-dev-proxy replay`: the API calls it holds, reduced to request shapes. Pure: text in,
 * requests out; reading the file and asking production live in `cli/replay-command.ts`.
 */

/** One API call recorded in the HAR. */
export interface HarRequest {
  /** As sent on the wire (browsers have already upper-cased the standard methods). */
  readonly method: string;
  /** Absolute URL, as recorded (usually the dev server's, e.g. http://localhost:5173/api/orders/42). */
  readonly url: string;
  /**
   * Header names lower-cased, duplicate lines joined. `cookie` is filled from `request.cookies` when the export
   * listed cookies without a Cookie line, so credentials are detected either way.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Chrome's `_resourceType` (`fetch`, `xhr`, …); absent in other browsers' exports. */
  readonly resourceType?: string;
}

export interface HarContents {
  /** The API calls, in recorded order. */
  readonly requests: readonly HarRequest[];
  /** Entries that are not API calls (documents, scripts, styles, images, fonts, preflights, WebSockets, …). */
  readonly ignored: number;
}

/** Requests that share a shape are judged once; `count` says how often the app sent it. */
export interface HarShapeGroup {
  readonly shape: RequestShape;
  /** The first request of this shape: its URL is the one replayed. */
  readonly example: HarRequest;
  readonly count: number;
}

export type HarErrorCode = 'HAR_NOT_JSON' | 'HAR_NO_ENTRIES' | 'HAR_INVALID_ENTRY';

/** A file that is not a usable HAR: the message names the file and how to export a good one. */
export class HarFormatError extends Error {
  override readonly name = 'HarFormatError';
  constructor(
    readonly code: HarErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const exportHint = 'Export one with DevTools › Network › Save all as HAR.';

/**
 * Parses and validates a HAR and keeps the API calls. `path` only appears in error messages.
 * @example parseHar(await readFile('orders.har', 'utf8'), 'orders.har').requests
 */
export function parseHar(text: string, path: string): HarContents {
  let document: unknown;
  try {
    // Some tools write a byte-order mark; JSON.parse rejects it.
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HarFormatError(
      'HAR_NOT_JSON',
      `"${path}" is not JSON (${(error as Error).message}), so not a HAR file. ${exportHint}`,
    );
  }
  const entries = isRecord(document) && isRecord(document.log) ? document.log.entries : undefined;
  if (!Array.isArray(entries)) {
    throw new HarFormatError(
      'HAR_NO_ENTRIES',
      `"${path}" has no log.entries array, so it is not a HAR file. ${exportHint}`,
    );
  }
  const requests: HarRequest[] = [];
  entries.forEach((entry, index) => {
    const request = readEntry(entry, index, path);
    if (request && isApiCall(request, entry as Record<string, unknown>)) requests.push(request);
  });
  return { requests, ignored: entries.length - requests.length };
}

function readEntry(entry: unknown, index: number, path: string): HarRequest | undefined {
  const where = `"${path}": log.entries[${index}].request`;
  const invalid = (what: string) =>
    new HarFormatError('HAR_INVALID_ENTRY', `${where}${what}. The file looks damaged; ${exportHint}`);
  const request = isRecord(entry) ? entry.request : undefined;
  if (!isRecord(request)) throw invalid(' is missing');
  if (typeof request.method !== 'string' || request.method === '') throw invalid('.method is missing');
  if (typeof request.url !== 'string') throw invalid('.url is missing');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw invalid(`.url "${request.url}" is not an absolute URL`);
  }
  // data:, blob:, chrome-extension: … never reach a server, so CORS never applies.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const headers: Record<string, string> = {};
  const lines = request.headers ?? [];
  if (!Array.isArray(lines)) throw invalid('.headers is not an array');
  for (const line of lines) {
    if (!isRecord(line) || typeof line.name !== 'string' || typeof line.value !== 'string') {
      throw invalid('.headers has an entry without a string name and value');
    }
    const name = line.name.toLowerCase();
    const previous = headers[name];
    // Duplicate field lines are one header; cookies are joined as the browser joins them.
    headers[name] =
      previous === undefined ? line.value : `${previous}${name === 'cookie' ? '; ' : ', '}${line.value}`;
  }
  const cookies = Array.isArray(request.cookies) ? request.cookies.filter(isRecord) : [];
  if (headers.cookie === undefined && cookies.length > 0) {
    headers.cookie = cookies.map((cookie) => `${String(cookie.name)}=${String(cookie.value)}`).join('; ');
  }
  const resourceType =
    isRecord(entry) && typeof entry._resourceType === 'string' ? entry._resourceType : undefined;
  return { method: request.method, url: url.href, headers, ...(resourceType ? { resourceType } : {}) };
}

/** Paths that name a static asset, for exports that do not say what the request was. */
const assetPath =
  /\.(?:m?js|ts|tsx|jsx|css|map|html?|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf|eot|mp4|webm)$/i;
/** Response types only documents and subresources have. */
const assetMime =
  /^(?:text\/html|text\/css|text\/javascript|application\/javascript|image\/|font\/|video\/|audio\/)/i;

/**
 * Whether an entry is a call the page's code made (fetch or XMLHttpRequest), the only requests whose CORS
 * outcome the app controls. Three sources, most reliable first:
 * 1. Chrome and Edge write `_resourceType`: keep `fetch` and `xhr`. That drops documents, scripts, styles,
 *    images, fonts, `preflight` (Chrome lists preflights as entries of their own), `websocket`, `eventsource`
 *    and `ping` (beacons).
 * 2. Otherwise `Sec-Fetch-Dest` (Firefox, Safari 16.4+, to secure origins and localhost): fetch and XHR send
 *    `empty`; documents, scripts, styles, images and fonts each send their own destination.
 * 3. Otherwise (old Safari, plain-http LAN hosts get no Sec-Fetch-*): `Accept` says document (`text/html`),
 *    style (`text/css`) or image (`image/…`); scripts and fetch both accept anything, so the path's extension
 *    and the response's MIME type rule out scripts and other assets.
 * Preflights recorded as requests of their own (OPTIONS with Access-Control-Request-Method) are never the
 * page's call, and WebSocket handshakes are not subject to CORS.
 */
function isApiCall(request: HarRequest, entry: Record<string, unknown>): boolean {
  if (request.resourceType !== undefined)
    return ['fetch', 'xhr'].includes(request.resourceType.toLowerCase());
  const { headers } = request;
  if (request.method.toUpperCase() === 'OPTIONS' && headers['access-control-request-method'] !== undefined) {
    return false;
  }
  if (headers.upgrade?.toLowerCase() === 'websocket') return false;
  const destination = headers['sec-fetch-dest'];
  if (destination !== undefined) return destination.toLowerCase() === 'empty';
  const accept = (headers.accept ?? '').toLowerCase();
  if (/^(?:text\/html|text\/css|image\/)/.test(accept)) return false;
  if (assetPath.test(new URL(request.url).pathname)) return false;
  const response = isRecord(entry.response) && isRecord(entry.response.content) ? entry.response.content : {};
  return !(typeof response.mimeType === 'string' && assetMime.test(response.mimeType));
}

/**
 * Groups API calls by request shape (method, path with ids collapsed, CORS-unsafe headers, credentials), in
 * order of first appearance. Credentials are assumed when the recorded call carried cookies: through the dev
 * proxy the app is same-origin, so its cookies flow without `credentials: 'include'`, which production
 * (cross-origin) will need. (A HAR does not record the call's credentials mode; `Authorization` is an ordinary
 * request header, see request-shape.ts.) The route prefix is the first path segment (`/api`) when there is more
 * than one.
 */
export function groupHarRequests(requests: readonly HarRequest[]): HarShapeGroup[] {
  const groups = new Map<string, { shape: RequestShape; example: HarRequest; count: number }>();
  for (const request of requests) {
    const { pathname, search } = new URL(request.url);
    const segments = pathname.split('/').filter(Boolean);
    const prefix = segments.length > 1 ? `/${segments[0]}` : '';
    const shape = shapeOfRequest(
      { method: request.method, url: `${pathname}${search}`, headers: request.headers },
      prefix,
      'auto',
    );
    const group = groups.get(shape.key);
    if (group) group.count += 1;
    else groups.set(shape.key, { shape, example: request, count: 1 });
  }
  return [...groups.values()];
}

/**
 * The URL production would receive: `target` (the production API base) followed by the recorded path and
 * query, or the recorded URL itself without a target.
 * @example productionUrl('http://localhost:5173/api/orders/42', 'https://api.example.com')
 *   // 'https://api.example.com/api/orders/42'
 */
export function productionUrl(recordedUrl: string, target: string | undefined): string {
  const recorded = new URL(recordedUrl);
  recorded.hash = '';
  if (target === undefined) return recorded.href;
  return new URL(`${target.replace(/\/+$/, '')}${recorded.pathname}${recorded.search}`).href;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
