import type { HeaderLine, ObservedResponse } from './wire-types.js';

/**
 * HTTP/1.1 message heads written and read the way Chromium 156 does, so the live check puts the browser's bytes on
 * the wire. Pure; `wire-client.ts` moves the bytes. Node's `http.request` cannot be used for this: it upper-cases
 * every method (`patch` → `PATCH`, which a Node backend accepts while it answers the browser's `patch` with a bare
 * 400), refuses header values Chromium sends (any control byte but tab, e.g. `\x01` or DEL: ERR_INVALID_CHAR),
 * sends `Connection: close` and `Content-Length: 0` for a bodiless PATCH or custom method, and writes Host after the
 * page's headers. undici keeps the method's case but refuses the same values and writes `host`/`connection` in
 * lower case. Measured from Chromium 156 with a raw socket server (packages/shared/test/unit/wire-format.test.ts
 * lists the facts), direct:
 *
 *     patch /path?q HTTP/1.1         the method exactly as the page wrote it, unless Fetch normalises it
 *     Host: 127.0.0.1:8002           first, the URL's host (default port omitted)
 *     Connection: keep-alive
 *     Content-Length: 0              only for exactly POST and PUT without a body (never PATCH or `patch`)
 *     …the request's own headers, byte for byte (Chromium also adds User-Agent, client hints, Referer,
 *     Accept-Encoding, Accept-Language and fetch metadata beyond the preflight's Sec-Fetch-Mode, which the checker
 *     leaves out)
 *
 * Through an HTTP proxy (`--proxy-server`): the absolute URL as request target and `Proxy-Connection: keep-alive`
 * instead of `Connection`; for https, first `CONNECT host:port HTTP/1.1`, `Host: host:port`,
 * `Proxy-Connection: keep-alive`.
 */
export interface WireRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: readonly HeaderLine[];
}

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Chromium's net stack refuses in a request header value (HttpUtil::IsValidHeaderValue); anything above
// U+00FF cannot be a byte at all (fetch() throws a TypeError for it).
const invalidValuePattern = /[\0\r\n]|[^\0-\u00ff]/;

function checkRequestHead(request: WireRequest): void {
  if (!tokenPattern.test(request.method))
    throw new TypeError(`"${request.method}" is not an HTTP method token`);
  for (const [name, value] of request.headers) {
    if (!tokenPattern.test(name)) throw new TypeError(`"${name}" is not a header name`);
    if (invalidValuePattern.test(value)) {
      throw new TypeError(`the ${name} header's value cannot be sent: ${JSON.stringify(value)}`);
    }
  }
}

/**
 * The request head Chromium writes for `request` (which carries no body), as latin1 bytes.
 * `viaHttpProxy`: an http URL sent to a forward proxy (absolute-form target, Proxy-Connection, the proxy's
 * credentials).
 */
export function formatRequestHead(
  request: WireRequest,
  viaHttpProxy?: { readonly proxyAuthorization?: string | undefined },
): Buffer {
  checkRequestHead(request);
  const { url, method } = request;
  const target = viaHttpProxy ? absoluteForm(url) : `${url.pathname || '/'}${url.search}`;
  const lines = [
    `${method} ${target} HTTP/1.1`,
    `Host: ${url.host}`,
    viaHttpProxy ? 'Proxy-Connection: keep-alive' : 'Connection: keep-alive',
    ...(viaHttpProxy?.proxyAuthorization ? [`Proxy-Authorization: ${viaHttpProxy.proxyAuthorization}`] : []),
    // HttpNetworkTransaction::BuildRequestHeaders compares case-sensitively, after Fetch upper-cased post/put.
    ...(method === 'POST' || method === 'PUT' ? ['Content-Length: 0'] : []),
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function absoluteForm(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

/** The CONNECT that opens a tunnel to an https URL through a forward proxy. */
export function formatConnectHead(url: URL, proxyAuthorization?: string): Buffer {
  const authority = `${url.hostname}:${url.port || '443'}`;
  const lines = [
    `CONNECT ${authority} HTTP/1.1`,
    `Host: ${authority}`,
    'Proxy-Connection: keep-alive',
    ...(proxyAuthorization ? [`Proxy-Authorization: ${proxyAuthorization}`] : []),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** `Proxy-Authorization` for a proxy URL with `user:password@` (what curl and the proxy agents send). */
export function proxyAuthorizationFor(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/** Chromium's limit for a response head (kMaxHeaderBufSize): beyond it, ERR_RESPONSE_HEADERS_TOO_BIG. */
export const maxResponseHeadBytes = 256 * 1024;

export type ResponseHeadResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly code: string; readonly reason: string }
  | { readonly kind: 'head'; readonly response: ObservedResponse; readonly length: number };

/**
 * Reads the response head at the start of `buffer` as Chromium does (net/http/http_util.cc `LocateEndOfHeaders`,
 * `AssembleRawHeaders`; http_response_headers.cc), which is more lenient than Node's parser: lines may end in LF
 * alone, a line starting with a space or tab continues the previous header (obs-fold, joined with a space), lines
 * without a colon or with an invalid name are skipped, names and values are trimmed of spaces and tabs, and a status
 * line without a reason (or without a code: 200) is accepted. Header lines are kept in order, duplicates included.
 * `ended`: the connection closed, so whatever arrived is all there is.
 */
export function parseResponseHead(buffer: Buffer, ended = false): ResponseHeadResult {
  let end = locateEndOfHead(buffer);
  if (end === -1) {
    if (buffer.length > maxResponseHeadBytes) {
      return {
        kind: 'invalid',
        code: 'ERR_RESPONSE_HEADERS_TOO_BIG',
        reason: 'the response head is too big',
      };
    }
    if (!ended) return { kind: 'incomplete' };
    if (buffer.length === 0) {
      return {
        kind: 'invalid',
        code: 'ERR_EMPTY_RESPONSE',
        reason: 'the server closed the connection without answering',
      };
    }
    end = buffer.length;
  }
  const text = buffer.subarray(0, end).toString('latin1');
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const statusLine = lines.shift() ?? '';
  const status = /^HTTP\/\d+(?:\.\d+)?[ \t]*(\d*)/i.exec(statusLine);
  if (!status) {
    // HTTP/0.9 (no status line) is refused on non-default ports, and a CORS check needs headers anyway.
    return {
      kind: 'invalid',
      code: 'ERR_INVALID_HTTP_RESPONSE',
      reason: `not an HTTP response: ${JSON.stringify(statusLine.slice(0, 40))}`,
    };
  }
  const folded: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && folded.length > 0) folded[folded.length - 1] += ` ${line.trim()}`;
    else if (line !== '') folded.push(line);
  }
  const headers: HeaderLine[] = [];
  for (const line of folded) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).replace(/[ \t]+$/, '');
    if (!tokenPattern.test(name)) continue;
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return {
    kind: 'head',
    response: { status: status[1] ? Number(status[1]) : 200, headers },
    length: Math.min(end, buffer.length),
  };
}

/** Offset just past the blank line ending the head ("\n\n" or "\n\r\n"), or -1. */
function locateEndOfHead(buffer: Buffer): number {
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) {
    if (buffer[i + 1] === 10) return i + 2;
    if (buffer[i + 1] === 13 && buffer[i + 2] === 10) return i + 3;
  }
  return -1;
}

/** 1xx answers (100 Continue, 103 Early Hints) are not the response: Chromium reads on. 101 is final. */
export function isInformational(status: number): boolean {
  return status >= 100 && status < 200 && status !== 101;
}
