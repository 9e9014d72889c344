import type { RouteOptions } from 'cors-dev-proxy';

/** Vite ProxyOptions keys we translate; any other key means the entry relies on Vite-only behaviour. */
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

export interface Adoption {
  readonly routes: Record<string, string | RouteOptions>;
  /** Entries left to Vite's own proxy, with the reason (shown to the user once). */
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];
}

/**
 * Turns the project's `server.proxy` into cors-dev-proxy routes, so `corsDevProxy()` with no argument upgrades
 * an existing setup (Origin rewrite, cookies, redirects, diagnostics) without rewriting it. Entries we cannot
 * express exactly (regex keys, `configure`, `bypass`, custom agents) stay with Vite, and we say so.
 */
export function adoptServerProxy(proxy: Record<string, unknown> | undefined): Adoption {
  const routes: Record<string, string | RouteOptions> = {};
  const skipped: { key: string; reason: string }[] = [];
  for (const [key, entry] of Object.entries(proxy ?? {})) {
    if (key.startsWith('^')) {
      skipped.push({ key, reason: 'regular-expression keys are not path prefixes' });
      continue;
    }
    if (!key.startsWith('/')) {
      skipped.push({ key, reason: 'the key does not start with "/"' });
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
        reason: `it uses ${foreign.map((name) => `\`${name}\``).join(', ')}, which only Vite's proxy understands`,
      });
      continue;
    }
    if (typeof options.target !== 'string') {
      skipped.push({ key, reason: '`target` is not a URL string' });
      continue;
    }
    const route: RouteOptions = { target: options.target };
    if (typeof options.rewrite === 'function') route.rewrite = options.rewrite as (path: string) => string;
    if (typeof options.ws === 'boolean') route.ws = options.ws;
    if (typeof options.secure === 'boolean') route.secure = options.secure;
    // Vite's object form defaults changeOrigin to false; our default (true, and Origin/Referer too) is what
    // backends expect, so only an explicit `false` is carried over.
    if (options.changeOrigin === false) route.changeOrigin = false;
    if (options.headers && typeof options.headers === 'object')
      route.headers = options.headers as Record<string, string>;
    const timeout = options.proxyTimeout ?? options.timeout;
    if (typeof timeout === 'number' && timeout > 0) route.timeoutMs = timeout;
    if (typeof options.ca === 'string' || Buffer.isBuffer(options.ca))
      route.ca = options.ca as string | Buffer;
    routes[key] = route;
  }
  return { routes, skipped };
}

/** True when Vite's proxy key and our prefix can match the same request. */
export function overlapsPrefix(viteKey: string, prefix: string): boolean {
  if (viteKey.startsWith('^')) {
    try {
      return new RegExp(viteKey).test(prefix) || new RegExp(viteKey).test(`${prefix}/`);
    } catch {
      return false;
    }
  }
  // Vite matches with startsWith, so '/ap' catches '/api' and '/api/v2' is inside '/api'.
  return prefix === '/' || viteKey.startsWith(prefix) || prefix.startsWith(viteKey);
}
