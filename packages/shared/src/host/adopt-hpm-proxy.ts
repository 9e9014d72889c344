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

/** Options cors-dev-proxy translates. */
const translatable = new Set([
  'context',
  'pathFilter',
  'target',
  'changeOrigin',
  'pathRewrite',
  'ws',
  'secure',
  'headers',
  'timeout',
  'proxyTimeout',
]);
/** Options whose job cors-dev-proxy does itself (cookie and redirect rewriting, logging): dropped quietly. */
const doneByUs = new Set([
  'cookieDomainRewrite',
  'cookiePathRewrite',
  'autoRewrite',
  'hostRewrite',
  'protocolRewrite',
  'logLevel',
  'logger',
  'logProvider',
]);

/**
 * The http-proxy-middleware dialect, as webpack-dev-server's `devServer.proxy` (an array of
 * `{ context | pathFilter, target, pathRewrite, … }`) and Angular's `proxy.conf.json` (an object keyed by path,
 * or the same array) write it. Paths and `/**` globs become prefixes; `pathRewrite` maps keep
 * http-proxy-middleware's meaning (first matching regex, replaced once); a `router` keyed by paths adds routes.
 * Function filters, negations, other globs, `^` regular expressions (Angular's), host-keyed or function `router`s,
 * `bypass` and event hooks stay with the host, with the `routes` entry to write instead where there is one.
 */
export function adoptHttpProxyMiddleware(config: unknown, label: string): Adoption {
  const routes: Record<string, string | RouteOptions> = {};
  const skipped: SkippedEntry[] = [];
  const matchers: { key: string; overlaps(prefix: string): boolean }[] = [];
  const served: number[] = [];
  const entries: [string | undefined, unknown][] = Array.isArray(config)
    ? config.map((entry) => [undefined, entry])
    : Object.entries(config ?? {});
  for (const [index, [key, raw]] of entries.entries()) {
    const entry =
      typeof raw === 'string'
        ? { target: raw }
        : raw && typeof raw === 'object'
          ? (raw as Record<string, unknown>)
          : undefined;
    const paths = key !== undefined ? [key] : contextPaths(entry?.pathFilter ?? entry?.context);
    // An array entry without readable paths is named by its position: `devServer.proxy[2]`.
    const name = key ?? (paths ? paths.join(', ') : `[${index}]`);
    if (!entry) {
      skipped.push({ key: name, reason: 'the entry is neither a URL string nor an options object' });
      continue;
    }
    if (!paths) {
      skipped.push({
        key: name,
        reason: '`context`/`pathFilter` is a function or missing, not a list of paths',
      });
      continue;
    }
    for (const path of paths) matchers.push({ key: path, overlaps: overlapsPath(path) });
    const target = typeof entry.target === 'string' ? entry.target : undefined;
    const prefixes = paths.map(prefixOf);
    const equivalent = (prefix: string | undefined) =>
      target && prefix ? routeLiteral(prefix, { target }) : undefined;
    // A `router` keyed by paths only is more routes (its targets for paths under the entry's context).
    const router = pathRouter(entry.router, paths.map(prefixOf));
    const foreign = Object.keys(entry).filter(
      (option) =>
        !translatable.has(option) && !doneByUs.has(option) && !(option === 'router' && router !== undefined),
    );
    const unreadable = paths.filter((_, i) => prefixes[i] === undefined);
    if (foreign.length > 0 || !target || unreadable.length > 0) {
      const reason =
        foreign.length > 0
          ? `it uses ${foreign.map((option) => `\`${option}\``).join(', ')}, which only ${label}'s own proxy understands`
          : !target
            ? '`target` is not a URL string'
            : unreadable.every((path) => path.startsWith('^'))
              ? `${unreadable.map((path) => `"${path}"`).join(', ')} is a regular expression (Angular's proxy reads "^" keys so), not a path prefix`
              : `${unreadable.map((path) => `"${path}"`).join(', ')} is not a path prefix (only "/path" and "/path/**" are)`;
      const prefix = prefixes.find(Boolean) ?? paths.map(anchoredPathOf).find(Boolean);
      skipped.push({ key: name, reason, equivalent: equivalent(prefix) });
      continue;
    }
    const skippedBefore = skipped.length;
    const targets: [string, string][] = [
      ...(prefixes as string[]).map((prefix): [string, string] => [prefix, target]),
      ...(router ?? []),
    ];
    for (const [prefix, routeTarget] of targets) {
      // The host's proxy uses the first entry that matches: a later one for the same prefix (`/api` then
      // `/api/**`) never applies there, so it does not replace the earlier one here either.
      if (Object.hasOwn(routes, prefix)) continue;
      const route: RouteOptions = { target: routeTarget };
      let rewrite: ReturnType<typeof translatePathRewrite>;
      try {
        rewrite = translatePathRewrite(entry.pathRewrite, prefix);
      } catch (error) {
        skipped.push({
          key: prefix,
          reason: `\`pathRewrite\` has an invalid regular expression (${(error as Error).message})`,
        });
        continue;
      }
      if (rewrite === null) {
        skipped.push({
          key: prefix,
          reason: '`pathRewrite` is a function of the request, not of the path alone',
          equivalent: routeLiteral(prefix, { target: routeTarget, rewrite: '' }),
        });
        continue;
      }
      if (rewrite !== undefined) route.rewrite = rewrite;
      routes[prefix] = sharedProxyOptions(entry, route);
    }
    if (skipped.length === skippedBefore) served.push(index);
  }
  return { routes, skipped, served, matchers };
}

/**
 * http-proxy-middleware's `router` as routes, when every key is a path (`'/api/v2': 'http://…'`) under one of
 * the entry's prefixes and every value a URL string; undefined when it also routes by host or is a function
 * (then the entry stays with the host). http-proxy-middleware picks the first key found in host + path; ours is
 * the longest matching prefix, the same for paths under the context.
 */
function pathRouter(
  router: unknown,
  prefixes: readonly (string | undefined)[],
): [string, string][] | undefined {
  if (!router || typeof router !== 'object' || Array.isArray(router)) return undefined;
  const mapped: [string, string][] = [];
  for (const [key, value] of Object.entries(router)) {
    const prefix = prefixOf(key);
    const under = prefixes.some(
      (parent) =>
        parent !== undefined && (parent === '/' || prefix === parent || prefix?.startsWith(`${parent}/`)),
    );
    if (prefix === undefined || typeof value !== 'string' || !under) return undefined;
    mapped.push([prefix, value]);
  }
  return mapped.length > 0 ? mapped : undefined;
}

function contextPaths(context: unknown): string[] | undefined {
  if (typeof context === 'string') return [context];
  if (Array.isArray(context) && context.length > 0 && context.every((path) => typeof path === 'string')) {
    return context as string[];
  }
  return undefined;
}

/** `/api`, `/api/`, `/api/*` and `/api/**` are the prefix `/api`; other globs and negations are not prefixes. */
function prefixOf(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const stripped = path.replace(/\/\*{1,2}$/, '') || '/';
  return /[*?!{}[\]()]/.test(stripped) ? undefined : stripped.replace(/(.)\/+$/, '$1');
}

/**
 * http-proxy-middleware matches a plain path with `startsWith` ('/ap' catches '/api'); Angular's proxy reads a
 * `^` key as a regular expression and any other glob as one (picomatch), which can only match below the glob's
 * literal start ('/api/*.json' below '/api/'). Negations never claim a request for the entry.
 */
function overlapsPath(path: string): (prefix: string) => boolean {
  if (path.startsWith('^')) return regexKeyOverlaps(path);
  const plain = prefixOf(path);
  if (plain !== undefined) return (prefix) => keyOverlapsPrefix(plain, prefix);
  if (!path.startsWith('/')) return () => false;
  const literal = path.slice(0, path.search(/[*?!{}[\]()]/)) || '/';
  return (prefix) => keyOverlapsPrefix(literal, prefix);
}

/**
 * `pathRewrite` as http-proxy-middleware applies it: the first key whose regex matches the path (with query)
 * is replaced once. `{ '^/api': '' }` for the prefix `/api` is our `rewrite: ''`; anything else becomes a
 * function with exactly those semantics. `null`: a function, which may read the request, is not adoptable.
 */
function translatePathRewrite(
  pathRewrite: unknown,
  prefix: string,
): string | ((path: string) => string) | null | undefined {
  if (pathRewrite === undefined) return undefined;
  if (typeof pathRewrite === 'function') return null;
  if (!pathRewrite || typeof pathRewrite !== 'object') return undefined;
  const rules = Object.entries(pathRewrite as Record<string, unknown>).filter(
    (rule): rule is [string, string] => typeof rule[1] === 'string',
  );
  const [only] = rules;
  if (rules.length === 1 && only && (only[0] === `^${prefix}` || only[0] === `^${prefix}/`)) {
    const replacement = only[1].replace(/\/+$/, '');
    if (replacement === '' || replacement.startsWith('/')) return replacement;
  }
  const compiled = rules.map(([pattern, replacement]) => [new RegExp(pattern), replacement] as const);
  return (path) => {
    for (const [pattern, replacement] of compiled) {
      if (pattern.test(path)) return path.replace(pattern, replacement);
    }
    return path;
  };
}
