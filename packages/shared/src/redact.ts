/**
 * What the project shows of a request (access log, error pages, the dashboard) leaves out what carries secrets:
 * query strings (OAuth codes, API keys) and the values of credential headers. Logs, error pages and screenshots
 * get pasted into issues.
 */

/** Drops the query: it often carries tokens (OAuth codes, API keys), and logs and error pages get shared. */
export function elideQuery(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?…`;
}

/** Header names whose whole value is a credential. */
const secretHeaders = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key']);
/** Names that say "credential" in their words: `x-auth-token`, `x-csrf-token`, `x-session-id`, `x-secret`. */
const secretWords =
  /(?:^|[-_])(?:token|secret|auth|session|password|passwd|csrf|xsrf|key|signature)(?:$|[-_])/i;
/** Headers that hold URLs, whose query is elided. */
const urlHeaders = new Set(['location', 'content-location', 'referer', 'link']);

/** `name=value; …` → `name=…; …`: the names (and a cookie's attributes) are what the rewrites are about. */
function redactCookiePairs(value: string, separator: string): string {
  return value
    .split(separator)
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? pair : `${pair.slice(0, equals)}=…`;
    })
    .join(separator);
}

/** A `Set-Cookie` line with its value hidden and its attributes (Domain, Path, SameSite…) kept. */
function redactSetCookie(line: string): string {
  const semicolon = line.indexOf(';');
  const pair = semicolon === -1 ? line : line.slice(0, semicolon);
  const equals = pair.indexOf('=');
  const name = equals === -1 ? pair : pair.slice(0, equals);
  return `${name}=…${semicolon === -1 ? '' : line.slice(semicolon)}`;
}

/** Elides the query of every URL in a header value (a Link header holds several, each in `<…>`). */
function elideUrls(name: string, value: string): string {
  if (name !== 'link') return elideQuery(value);
  return value.replace(/<([^>]*)>/g, (_whole, url: string) => `<${elideQuery(url)}>`);
}

/**
 * One header's value as it may be shown: credentials hidden (scheme kept for Authorization), cookie values
 * hidden (names and attributes kept), queries elided. `extraSecrets` are names whose values the user put in
 * a route's `headers` (API keys, usually).
 */
export function redactHeaderValue(name: string, value: string, extraSecrets?: ReadonlySet<string>): string {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return redactCookiePairs(value, '; ');
  if (lower === 'set-cookie') return redactSetCookie(value);
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const space = value.indexOf(' ');
    return space === -1 ? '…' : `${value.slice(0, space)} …`;
  }
  if (secretHeaders.has(lower) || secretWords.test(lower) || extraSecrets?.has(lower)) return '…';
  if (urlHeaders.has(lower)) return elideUrls(lower, value);
  return value;
}

/** Headers as `[name, value]` lines (repeated headers one line each), every value redacted. */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | number | undefined>>,
  extraSecrets?: ReadonlySet<string>,
): [string, string][] {
  const lines: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) {
      for (const item of value) lines.push([name, redactHeaderValue(name, String(item), extraSecrets)]);
    } else lines.push([name, redactHeaderValue(name, String(value), extraSecrets)]);
  }
  return lines;
}
