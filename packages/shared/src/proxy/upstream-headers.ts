import type { IncomingHttpHeaders } from 'node:http';
import { fieldsNamedInConnection } from './connection-options.js';

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
 * Fields about the upstream connection, not the response: they never reach the browser. `connection` and
 * `transfer-encoding` would describe the wrong hop (`Connection: close` from a backend would close the browser's
 * keep-alive connection, as Vite's own proxy does on every response; a copied `Transfer-Encoding` fights Node's
 * own framing: Node's server manages both for the browser's connection); the others would confuse the browser,
 * and on HTTP/2 (Vite with https) they are illegal. `upgrade` only means something on a 101. Fields the upstream
 * names in its `Connection` header are the connection's too (RFC 9110 §7.6.1), as on the request side
 * (request-headers.ts).
 */
const connectionFields: ReadonlySet<string> = new Set([
  'connection',
  'transfer-encoding',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'te',
  'trailer',
]);

/**
 * An upstream response's raw header lines (undici's, as bytes) as the record Node's `IncomingMessage.headers`
 * would have given, without the connection's own fields above: lower-case names, values decoded as latin1 (the
 * bytes the upstream sent, written back unchanged), `Set-Cookie` an array, repeated fields joined with ", "
 * except the single-valued ones, where the first wins. Every rewrite (cookies.ts, redirects.ts) and the dashboard
 * keep reading the shape they were written for.
 *
 * The connection's fields are left out here rather than deleted later: a record that never had them stays a
 * fast V8 object, and no rewrite has to look for them (BENCHMARKS.md, issue 16, session 9).
 */
export function nodeStyleHeaders(raw: readonly Buffer[], statusCode: number): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  let namedByConnection: readonly string[] | undefined;
  for (let index = 0; index < raw.length; index += 2) {
    const name = (raw[index] as Buffer).toString('latin1').toLowerCase();
    if (connectionFields.has(name) || (name === 'upgrade' && statusCode !== 101)) {
      if (name === 'connection') {
        const named = fieldsNamedInConnection((raw[index + 1] as Buffer).toString('latin1'));
        if (named.length > 0) namedByConnection = [...(namedByConnection ?? []), ...named];
      }
      continue;
    }
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
  // Rare (a field may come before the Connection line that names it): deleted afterwards rather than checked
  // on every line. `Upgrade` is named on every 101 and kept there (the status decides, above).
  if (namedByConnection) {
    for (const name of namedByConnection) if (name !== 'upgrade' && name in headers) delete headers[name];
  }
  return headers;
}
