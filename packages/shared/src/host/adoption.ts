import type { RouteOptions } from '../config/options.js';

/** An entry of the host's own proxy config that cors-dev-proxy leaves to the host. */
export interface SkippedEntry {
  readonly key: string;
  readonly reason: string;
  /** The `routes` entry that does the same with cors-dev-proxy, when there is one. */
  readonly equivalent?: string | undefined;
}

/** The host's proxy entries, read as cors-dev-proxy routes. */
export interface Adoption {
  readonly routes: Record<string, string | RouteOptions>;
  readonly skipped: readonly SkippedEntry[];
  /** One per host entry: whether it can catch the same requests as one of our prefixes. */
  readonly matchers: readonly { readonly key: string; overlaps(prefix: string): boolean }[];
}

/** `routes: { '/api': { target: 'http://…', rewrite: '' } }`, for "write this instead" advice. */
export function routeLiteral(
  prefix: string,
  route: { target: string; rewrite?: string; ws?: boolean },
): string {
  const fields = [`target: '${route.target}'`];
  if (route.rewrite !== undefined) fields.push(`rewrite: '${route.rewrite}'`);
  if (route.ws) fields.push('ws: true');
  const value = fields.length === 1 ? `'${route.target}'` : `{ ${fields.join(', ')} }`;
  return `routes: { '${prefix}': ${value} }`;
}

/**
 * Whether a host entry that catches every path starting with `key` (Vite's and http-proxy-middleware's
 * `startsWith`) can catch a request our `prefix` matches (the prefix itself or below it, on a segment boundary).
 */
export function keyOverlapsPrefix(key: string, prefix: string): boolean {
  return prefix === '/' || key === prefix || key.startsWith(`${prefix}/`) || prefix.startsWith(key);
}
