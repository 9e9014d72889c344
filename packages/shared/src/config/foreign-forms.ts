/**
 * What people paste from other proxies' configs (Vite's `server.proxy`, http-proxy-middleware, webpack-dev-server,
 * Angular's proxy.conf.json), recognised so that a config error shows the equivalent in our options, built from
 * the user's own values rather than a generic example.
 */

/**
 * The literal prefix of a `^` regular-expression key that only anchors a path (`^/api`, `^/api/`, `^/api/.*`,
 * `^/api(/.*)?`), or undefined when the expression matches more than one prefix (`^/(a|b)`).
 */
export function literalPrefixOfRegexKey(key: string): string | undefined {
  return (
    /^\^(\/[\w\-/.~]*?)\/?(?:\.\*|\(\/\.\*\)\?|\(\/\.\*\)|\/\.\*)?\$?$/.exec(key)?.[1]?.replace(/\/+$/, '') ||
    undefined
  );
}

/** The prefix a glob key means (`/api/**`, `/api/*`), or undefined for globs that are not a prefix. */
export function prefixOfGlobKey(key: string): string | undefined {
  const stripped = /^(\/[^*?!{}[\]()]*?)\/?\*{1,2}$/.exec(key)?.[1];
  return stripped === undefined ? undefined : stripped.replace(/\/+$/, '') || '/';
}

/** The prefix a route key was meant to be: a regex anchor or a glob written as our plain prefix. */
export function intendedPrefix(key: string): string | undefined {
  return key.startsWith('^') ? literalPrefixOfRegexKey(key) : prefixOfGlobKey(key);
}

/**
 * http-proxy-middleware's `pathRewrite` as our `rewrite`, when it only replaces the route's prefix
 * (`{ '^/api': '' }` → `''`, `{ '^/api': '/v2' }` → `'/v2'`), or undefined.
 */
export function rewriteOfPathRewrite(pathRewrite: unknown, prefix: string): string | undefined {
  if (!pathRewrite || typeof pathRewrite !== 'object' || Array.isArray(pathRewrite)) return undefined;
  const rules = Object.entries(pathRewrite as Record<string, unknown>);
  const [only] = rules;
  if (rules.length !== 1 || !only || typeof only[1] !== 'string') return undefined;
  if (only[0] !== `^${prefix}` && only[0] !== `^${prefix}/`) return undefined;
  const replacement = only[1].replace(/\/+$/, '');
  return replacement === '' || replacement.startsWith('/') ? replacement : undefined;
}

/**
 * webpack-dev-server's array form (`[{ context: ['/api', '/auth'], target }]`) as our `routes` object, written
 * as source (`{ '/api': 'http://…', '/auth': 'http://…' }`), or undefined when an entry is not that simple.
 */
export function routesOfProxyArray(entries: readonly unknown[]): string | undefined {
  const pairs: string[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') return undefined;
    const { context, pathFilter, target } = entry as Record<string, unknown>;
    const paths = context ?? pathFilter;
    const list = typeof paths === 'string' ? [paths] : paths;
    if (typeof target !== 'string' || !Array.isArray(list) || list.length === 0) return undefined;
    for (const path of list) {
      if (typeof path !== 'string') return undefined;
      const prefix = path.startsWith('/') && !/[*?^]/.test(path) ? path : intendedPrefix(path);
      if (prefix === undefined) return undefined;
      pairs.push(`'${prefix}': '${target}'`);
    }
  }
  return pairs.length > 0 ? `routes: { ${pairs.join(', ')} }` : undefined;
}
