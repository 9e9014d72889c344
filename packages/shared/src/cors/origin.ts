/**
 * Serialises an origin the way browsers send it in `Origin`: scheme://host[:port], lower-case, default port
 * dropped, no path. Throws on input that is not an http(s) origin; callers turn that into a usage error.
 */
export function serializeOrigin(value: string): string {
  if (value === 'null') return 'null';
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`not an http(s) origin: ${value}`);
  return url.origin;
}

export function originOf(url: string): string {
  return new URL(url).origin;
}
