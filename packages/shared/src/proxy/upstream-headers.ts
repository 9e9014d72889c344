import type { IncomingHttpHeaders } from 'node:http';

/**
 * Fields Node's `IncomingMessage.headers` keeps once (the first line wins) when an upstream sends them twice:
 * a second Content-Length or Location is an attack or a bug, never a list.
 */
const singleValued: ReadonlySet<string> = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * An upstream response's raw header lines (undici's, as bytes) as the record Node's `IncomingMessage.headers`
 * would have given: lower-case names, values decoded as latin1 (the bytes the upstream sent, written back
 * unchanged), `Set-Cookie` an array, repeated fields joined with ", " except those above. Every rewrite
 * (cookies.ts, redirects.ts) and the dashboard keep reading the shape they were written for.
 */
export function nodeStyleHeaders(raw: readonly Buffer[]): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (let index = 0; index < raw.length; index += 2) {
    const name = (raw[index] as Buffer).toString('latin1').toLowerCase();
    const value = (raw[index + 1] as Buffer).toString('latin1');
    const existing = headers[name];
    if (existing === undefined) {
      headers[name] = name === 'set-cookie' ? [value] : value;
    } else if (name === 'set-cookie') {
      (existing as string[]).push(value);
    } else if (!singleValued.has(name)) {
      headers[name] = `${existing as string}${name === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  return headers;
}
