import { literalPrefixOfRegexKey } from '../config/foreign-forms.js';
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
  /**
   * Positions of the host's entries (in its array) that cors-dev-proxy now serves entirely: a host whose own
   * proxy still runs after ours (webpack-dev-server) takes them out of it, or `/api` would go on catching
   * `/apix` there.
   */
  readonly served?: readonly number[];
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

/**
 * The prefix a `^` regular-expression key stands for when it is only an anchored path (`^/api`, `^/api/.*`,
 * `^/api(/.*)?`), for "write this instead" advice; undefined for any other pattern. Vite's `server.proxy` and
 * Angular's proxy.conf.json (which runs on Vite's proxy) read `^` keys as regular expressions.
 */
export const anchoredPathOf: (key: string) => string | undefined = literalPrefixOfRegexKey;

/** Whether a `^` regular-expression key can match a request under our `prefix` (the prefix or a path below it). */
export function regexKeyOverlaps(key: string): (prefix: string) => boolean {
  let pattern: RegExp | undefined;
  try {
    pattern = new RegExp(key);
  } catch {
    pattern = undefined;
  }
  return (prefix) => Boolean(pattern?.test(prefix) || pattern?.test(`${prefix}/`));
}

/**
 * The options both dialects share (they are http-proxy / httpxy options underneath), onto a route. Both
 * default `changeOrigin` to false; ours (true, Origin and Referer too) is what backends expect, so only an
 * explicit `false` is carried over.
 */
export function sharedProxyOptions(entry: Record<string, unknown>, route: RouteOptions): RouteOptions {
  if (typeof entry.ws === 'boolean') route.ws = entry.ws;
  if (typeof entry.secure === 'boolean') route.secure = entry.secure;
  if (entry.changeOrigin === false) route.changeOrigin = false;
  if (entry.headers && typeof entry.headers === 'object')
    route.headers = entry.headers as Record<string, string>;
  const timeout = entry.proxyTimeout ?? entry.timeout;
  if (typeof timeout === 'number' && timeout > 0) route.timeoutMs = timeout;
  return route;
}
