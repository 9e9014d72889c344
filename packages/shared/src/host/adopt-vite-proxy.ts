import type { RouteOptions } from '../config/options.js';
import {
  type Adoption,
  anchoredPathOf,
  keyOverlapsPrefix,
  regexKeyOverlaps,
  routeLiteral,
  type SkippedEntry,
  sharedProxyOptions,
} from './adoption.js';

/** Vite `ProxyOptions` keys we translate; any other key means the entry relies on Vite-only behaviour. */
const translatable = new Set([
  'target',
  'changeOrigin',
  'rewrite',
  'ws',
  'secure',
  'headers',
  'timeout',
  'proxyTimeout',
  'ca',
]);

/**
 * Vite's `server.proxy` dialect: keys are path prefixes (or `^` regular expressions), values a target URL or
 * `{ target, changeOrigin, rewrite(path), ws, secure, headers, … }`. Entries that cannot be expressed exactly
 * (regex keys, `configure`, `bypass`, custom agents) stay with the host, and we say what to write instead.
 */
export function adoptViteProxy(proxy: Record<string, unknown> | undefined, label: string): Adoption {
  const routes: Record<string, string | RouteOptions> = {};
  const skipped: SkippedEntry[] = [];
  for (const [key, entry] of Object.entries(proxy ?? {})) {
    const target = typeof entry === 'string' ? entry : (entry as { target?: unknown } | null)?.target;
    const equivalentFor = (prefix: string) =>
      typeof target === 'string' ? routeLiteral(prefix, { target }) : undefined;
    if (key.startsWith('^')) {
      const literal = anchoredPathOf(key);
      skipped.push({
        key,
        reason: 'regular-expression keys are not path prefixes',
        equivalent: literal ? equivalentFor(literal) : undefined,
      });
      continue;
    }
    if (!key.startsWith('/')) {
      skipped.push({ key, reason: 'the key does not start with "/"', equivalent: equivalentFor(`/${key}`) });
      continue;
    }
    if (typeof entry === 'string') {
      routes[key] = entry;
      continue;
    }
    if (entry === null || typeof entry !== 'object') {
      skipped.push({ key, reason: 'the entry is neither a URL string nor an options object' });
      continue;
    }
    const options = entry as Record<string, unknown>;
    const foreign = Object.keys(options).filter((name) => !translatable.has(name));
    if (foreign.length > 0) {
      skipped.push({
        key,
        reason: `it uses ${foreign.map((name) => `\`${name}\``).join(', ')}, which only ${label}'s own proxy understands`,
        equivalent: equivalentFor(key),
      });
      continue;
    }
    if (typeof options.target !== 'string') {
      skipped.push({ key, reason: '`target` is not a URL string' });
      continue;
    }
    const route: RouteOptions = { target: options.target };
    if (typeof options.rewrite === 'function') route.rewrite = options.rewrite as (path: string) => string;
    sharedProxyOptions(options, route);
    if (typeof options.ca === 'string' || Buffer.isBuffer(options.ca))
      route.ca = options.ca as string | Buffer;
    routes[key] = route;
  }
  return { routes, skipped, matchers: Object.keys(proxy ?? {}).map(viteKeyMatcher) };
}

/** Which of our prefixes a Vite proxy key can also match (Vite matches with `startsWith`, or the regex). */
function viteKeyMatcher(key: string): { key: string; overlaps(prefix: string): boolean } {
  if (key.startsWith('^')) return { key, overlaps: regexKeyOverlaps(key) };
  // '/ap' catches '/api', and '/api/v2' is inside '/api'.
  return { key, overlaps: (prefix) => keyOverlapsPrefix(key, prefix) };
}
