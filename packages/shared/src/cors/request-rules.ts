import type { HeaderLine, PortabilityNote } from './types.js';

/** Fetch upper-cases only these methods; anything else (e.g. `patch`) is sent exactly as written. */
const normalizedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return normalizedMethods.has(upper) ? upper : method;
}

/** `fetch()` throws a TypeError for these before any request. */
export function isForbiddenMethod(method: string): boolean {
  return ['CONNECT', 'TRACE', 'TRACK'].includes(method.toUpperCase());
}

/** GET, HEAD, POST never need a preflight. Chromium upper-cases before comparing. */
export function isSafelistedMethod(method: string): boolean {
  return ['GET', 'HEAD', 'POST'].includes(method.toUpperCase());
}

const forbiddenHeaderNames = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  // Chromium only (net/http/http_util.cc, crbug 571722): the spec allows scripts to set User-Agent.
  'user-agent',
]);

/**
 * Headers a page cannot set: `Headers` drops them silently, so they are never sent and never preflighted.
 * Includes `proxy-*`, `sec-*` and the method-override headers when they name a forbidden method.
 */
export function isForbiddenHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (forbiddenHeaderNames.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (['x-http-method', 'x-http-method-override', 'x-method-override'].includes(lower)) {
    return value.split(',').some((method) => isForbiddenMethod(method.trim()));
  }
  return false;
}

// Bytes that make a safelisted header value unsafe: controls except tab, and "():<>?@[\]{} plus DEL.
const unsafeCharacters = new Set('"():<>?@[\\]{}');

function hasUnsafeByte(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || unsafeCharacters.has(char)) return true;
  }
  return false;
}

function isSafelistedContentType(value: string): boolean {
  if (hasUnsafeByte(value)) return false;
  // Strict MIME parse of the essence: a comma (two combined values) or a missing subtype fails.
  const essence = value.split(';')[0]?.trim().toLowerCase() ?? '';
  if (essence.includes(',') || !/^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(essence))
    return false;
  return ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'].includes(essence);
}

/**
 * The Fetch standard's CORS-safelisted request-header test, plus Chromium's extra safelisted client-hint names
 * (`IsCorsSafelistedHeader` in services/network/public/cpp/cors/cors.cc). `chromiumExtra` tells the caller the
 * header passed only because of Chromium's extension (Firefox and Safari would preflight it).
 */
export function classifyHeader(
  name: string,
  rawValue: string,
): { safelisted: boolean; chromiumExtra: boolean } {
  const value = rawValue.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const lower = name.toLowerCase();
  if (Buffer.byteLength(value) > 128) return { safelisted: false, chromiumExtra: false };
  const spec = (ok: boolean) => ({ safelisted: ok, chromiumExtra: false });
  const chromium = (ok: boolean) => ({ safelisted: ok, chromiumExtra: ok });
  switch (lower) {
    case 'accept':
      return spec(!hasUnsafeByte(value));
    case 'accept-language':
    case 'content-language':
      return spec(/^[0-9A-Za-z *,\-.;=]*$/.test(value));
    case 'content-type':
      return spec(isSafelistedContentType(value));
    case 'range':
      return spec(/^bytes=\d+-\d*$/.test(value) && isValidRange(value));
    case 'intervention':
      return chromium(true);
    case 'dpr':
    case 'device-memory':
    case 'downlink':
      return chromium(/^\d+(\.\d+)?$/.test(value));
    case 'width':
    case 'viewport-width':
    case 'rtt':
      return chromium(/^\d+$/.test(value));
    case 'ect':
      return chromium(['slow-2g', '2g', '3g', '4g'].includes(value));
    case 'save-data':
      return chromium(value.toLowerCase() === 'on');
    default:
      return spec(false);
  }
}

function isValidRange(value: string): boolean {
  const [start, end] = value.slice('bytes='.length).split('-');
  return end === '' || end === undefined || Number(start) <= Number(end);
}

export interface RequestHeaderAnalysis {
  /**
   * Headers the browser actually sends (forbidden ones removed, duplicates combined), in the page's order, byte
   * for byte: names as the page wrote them (a repeated name keeps its first spelling), each value stripped of
   * leading and trailing HTTP whitespace before repeats are joined with ", " (and the result trimmed).
   */
  readonly sent: readonly HeaderLine[];
  /** CORS-unsafe names that force a preflight, lower-cased, in the page's order. */
  readonly unsafeNames: readonly string[];
  /** Names the page set but the browser drops. */
  readonly dropped: readonly string[];
  readonly notes: readonly PortabilityNote[];
}

/** Fetch "normalize" a header value: strip leading and trailing HTTP whitespace (tab, LF, CR, space). */
export function normalizeHeaderValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

/**
 * The page's headers plus the one fetch() and XHR add before the CORS checks: `Accept: *\/*` unless the page set
 * an Accept. Measured in Chromium 156: it goes on the wire after the page's headers and counts toward the
 * 1024-byte rule (1023 bytes of safelisted page headers plus it are preflighted, with `accept` in
 * Access-Control-Request-Headers).
 */
export function withDefaultAccept(headers: readonly HeaderLine[]): readonly HeaderLine[] {
  return headers.some(([name]) => name.toLowerCase() === 'accept')
    ? headers
    : [...headers, ['Accept', '*/*']];
}

/**
 * Applies the `Headers` object's rules (normalise each value, combine duplicates with ", ", drop forbidden names)
 * and the CORS-unsafe test, including the rule that safelisted values adding up to more than 1024 bytes all
 * become unsafe.
 */
export function analyzeRequestHeaders(headers: readonly HeaderLine[]): RequestHeaderAnalysis {
  const order: string[] = [];
  const originalName = new Map<string, string>();
  const values = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!originalName.has(lower)) {
      originalName.set(lower, name);
      order.push(lower);
      values.set(lower, []);
    }
    values.get(lower)?.push(normalizeHeaderValue(value));
  }
  const sent: HeaderLine[] = [];
  const dropped: string[] = [];
  const unsafe: string[] = [];
  const safelistedSizes: [string, number][] = [];
  const notes: PortabilityNote[] = [];
  for (const lower of order) {
    // Measured in Chromium 156: "1" and "" go out as "1," and "" and "b" as ", b" (the joined value is trimmed).
    const value = normalizeHeaderValue(values.get(lower)?.join(', ') ?? '');
    if (isForbiddenHeader(lower, value)) {
      dropped.push(lower);
      if (lower === 'user-agent') {
        notes.push({
          id: 'user-agent-forbidden',
          message:
            'Chromium drops a User-Agent header set by the page (the Fetch standard allows it; Firefox sends it and preflights it).',
        });
      }
      continue;
    }
    sent.push([originalName.get(lower) ?? lower, value]);
    const { safelisted, chromiumExtra } = classifyHeader(lower, value);
    if (!safelisted) unsafe.push(lower);
    else {
      safelistedSizes.push([lower, Buffer.byteLength(value)]);
      if (chromiumExtra) {
        notes.push({
          id: 'chromium-safelisted-header',
          message: `Chromium does not preflight the ${lower} header, but Firefox and Safari do: allow it in Access-Control-Allow-Headers too.`,
        });
      }
    }
  }
  const safelistedTotal = safelistedSizes.reduce((sum, [, size]) => sum + size, 0);
  if (safelistedTotal > 1024) unsafe.push(...safelistedSizes.map(([name]) => name));
  const unsafeInOrder = order.filter((name) => unsafe.includes(name));
  return { sent, unsafeNames: unsafeInOrder, dropped, notes };
}

/** `Access-Control-Request-Headers` as Chromium sends it: lower-cased, sorted, comma-joined, no spaces. */
export function accessControlRequestHeaders(unsafeNames: readonly string[]): string {
  return [...new Set(unsafeNames)].sort().join(',');
}

/** The request header a check needs when credentials are implied (`include` only). */
export function usesCredentials(credentials: string): boolean {
  return credentials === 'include';
}
