import { invalid, isPlainObject, resolveBoolean, unknownOption } from './config-errors.js';
import { routeDefaults } from './defaults.js';
import { intendedPrefix, rewriteOfPathRewrite } from './foreign-forms.js';
import type { ResolvedRoute, RouteOptions } from './options.js';

const knownRouteKeys = [
  'target',
  'rewrite',
  'headers',
  'ws',
  'secure',
  'ca',
  'timeoutMs',
  'retryConnectMs',
  'changeOrigin',
] as const;
export const exampleRoutes = `routes: { '/api': 'https://api.example.com' }`;

/** The user's own target for an example, when the route has a usable one. */
function targetOf(raw: unknown): string {
  const target = typeof raw === 'string' ? raw : isPlainObject(raw) ? raw.target : undefined;
  // Only a target that is already a URL: an example must itself be valid.
  return typeof target === 'string' && /^(https?|wss?):\/\/[^/]/.test(target)
    ? target
    : 'https://api.example.com';
}

function resolvePrefix(prefix: string, raw: unknown): string {
  const where = `routes[${JSON.stringify(prefix)}]`;
  const meant = intendedPrefix(prefix);
  const suggestion = `routes: { '${meant ?? '/api'}': '${targetOf(raw)}' }`;
  if (prefix.startsWith('^')) {
    throw invalid(
      `The route key ${where}`,
      prefix,
      "must be a plain path prefix, not a regular expression (Vite's server.proxy form); a prefix already matches everything below it, on a segment boundary",
      suggestion,
    );
  }
  if (!prefix.startsWith('/')) {
    throw invalid(
      `The route key ${where}`,
      prefix,
      'must be a path that starts with "/"',
      `routes: { '/${prefix.replace(/^\W+/, '') || 'api'}': '${targetOf(raw)}' }`,
    );
  }
  if (/[?#*\s]/.test(prefix)) {
    throw invalid(
      `The route key ${where}`,
      prefix,
      'must be a plain path prefix (no query, fragment, glob or spaces; it already matches everything below it)',
      meant === undefined ? exampleRoutes : suggestion,
    );
  }
  // "/api/" and "/api" mean the same prefix: the match is on a segment boundary either way.
  return prefix.length > 1 ? prefix.replace(/\/+$/, '') || '/' : prefix;
}

function resolveTarget(where: string, target: unknown): URL {
  const example = `routes: { '/api': 'https://api.example.com' }`;
  if (typeof target !== 'string' || target.trim() === '') {
    throw invalid(`${where}.target`, target, 'is required and must be an absolute http(s) URL', example);
  }
  const missingScheme = invalid(
    `${where}.target`,
    target,
    'must be an absolute URL with a scheme',
    `routes: { '/api': 'http://${target.replace(/^\/+/, '')}' }`,
  );
  // "localhost:3000" parses as a URL whose scheme is "localhost:"; without "//" it is a host, not a URL.
  if (!target.includes('//')) throw missingScheme;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw missingScheme;
  }
  // ws(s) targets are accepted because people copy them from WebSocket code; the handshake starts as HTTP anyway.
  const schemes: Record<string, string> = {
    'http:': 'http:',
    'https:': 'https:',
    'ws:': 'http:',
    'wss:': 'https:',
  };
  const protocol = schemes[url.protocol];
  if (!protocol || !url.hostname) {
    throw invalid(`${where}.target`, target, 'must be an http:// or https:// URL', example);
  }
  if (url.username || url.password) {
    throw invalid(
      `${where}.target`,
      target,
      'must not carry credentials (they would leak into logs); send them as a header instead',
      `routes: { '/api': { target: 'https://api.example.com', headers: { authorization: 'Basic ...' } } }`,
    );
  }
  if (url.search || url.hash) {
    throw invalid(`${where}.target`, target, 'must not have a query or fragment', example);
  }
  const resolved = new URL(url.href.replace(/^[a-z]+:/, protocol));
  // A trailing slash on the target path would double up with the request path's leading slash.
  resolved.pathname = resolved.pathname.replace(/\/+$/, '');
  return resolved;
}

function joinPaths(base: string, path: string): string {
  if (!base || base === '/') return path || '/';
  if (!path || path === '/') return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function resolveRewrite(where: string, prefix: string, rewrite: unknown): (localPath: string) => string {
  if (rewrite === undefined) return (path) => path;
  if (typeof rewrite === 'function') {
    return (path) => {
      const result = rewrite(path);
      if (typeof result !== 'string') {
        throw invalid(
          `${where}.rewrite`,
          result,
          'must return a string path',
          `rewrite: (path) => path.replace(/^\\/api/, '')`,
        );
      }
      return result;
    };
  }
  if (typeof rewrite === 'string') {
    if (rewrite !== '' && !rewrite.startsWith('/')) {
      throw invalid(
        `${where}.rewrite`,
        rewrite,
        'must be "" (strip the prefix) or a path starting with "/"',
        `rewrite: '/v2'`,
      );
    }
    const replacement = rewrite.replace(/\/+$/, '');
    return (path) => {
      const rest = prefix === '/' ? path : path.slice(prefix.length);
      const joined = `${replacement}${rest}`;
      return joined.startsWith('/') ? joined : `/${joined}`;
    };
  }
  throw invalid(
    `${where}.rewrite`,
    rewrite,
    'must be a string or a function',
    `rewrite: ''   // strips the prefix`,
  );
}

function resolveHeaders(where: string, headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (!isPlainObject(headers)) {
    throw invalid(
      `${where}.headers`,
      headers,
      'must be an object of header names to string values',
      `headers: { 'x-api-key': 'dev-key' }`,
    );
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw invalid(
        `${where}.headers`,
        name,
        'has a header name that is not a valid HTTP token',
        `headers: { 'x-api-key': 'dev-key' }`,
      );
    }
    // A CR or LF in a value would let a config value inject extra headers or split the request.
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw invalid(
        `${where}.headers[${JSON.stringify(name)}]`,
        value,
        'must be a string without line breaks',
        `headers: { ${JSON.stringify(name)}: 'value' }`,
      );
    }
    result[name.toLowerCase()] = value;
  }
  return result;
}

function resolveCa(where: string, ca: unknown): ResolvedRoute['ca'] {
  if (ca === undefined) return undefined;
  const isPem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value);
  if (isPem(ca) || (Array.isArray(ca) && ca.every(isPem))) return ca as ResolvedRoute['ca'];
  throw invalid(
    `${where}.ca`,
    ca,
    'must be PEM text, a Buffer, or an array of them',
    `ca: fs.readFileSync('certs/root.pem', 'utf8')`,
  );
}

/** http-proxy-middleware's `pathRewrite`, pasted into a route: our `rewrite`, from the user's own map. */
function pathRewriteGiven(where: string, prefix: string, route: RouteOptions) {
  const { pathRewrite } = route as { pathRewrite?: unknown };
  const rewrite = rewriteOfPathRewrite(pathRewrite, prefix);
  const rules = pathRewrite && typeof pathRewrite === 'object' ? Object.entries(pathRewrite) : [];
  const [only] = rules;
  // One rule that is more than the prefix: the same replacement as a function of the path (it sees the query too).
  const asFunction =
    rules.length === 1 && only && typeof only[1] === 'string'
      ? `(path) => path.replace(/${only[0].replace(/\//g, '\\/')}/, ${JSON.stringify(only[1]).replace(/"/g, "'")})`
      : "(path) => path.replace(/^\\/old/, '/new')";
  return invalid(
    `${where}.pathRewrite`,
    pathRewrite,
    "is http-proxy-middleware's option; here the path is changed with `rewrite` (a string replaces the prefix, a function gets the whole path)",
    `routes: { '${prefix}': { target: '${targetOf(route)}', rewrite: ${rewrite === undefined ? asFunction : `'${rewrite}'`} } }`,
  );
}

export function resolveRoute(rawPrefix: string, raw: unknown): ResolvedRoute {
  const prefix = resolvePrefix(rawPrefix, raw);
  const where = `routes[${JSON.stringify(rawPrefix)}]`;
  const route: RouteOptions | undefined =
    typeof raw === 'string'
      ? { target: raw }
      : isPlainObject(raw)
        ? (raw as unknown as RouteOptions)
        : undefined;
  if (!route) {
    throw invalid(where, raw, 'must be a target URL string or an object with a `target`', exampleRoutes);
  }
  for (const key of Object.keys(route)) {
    if (key === 'pathRewrite') throw pathRewriteGiven(where, prefix, route);
    if (!(knownRouteKeys as readonly string[]).includes(key)) {
      throw unknownOption(
        `${where}.${key}`,
        knownRouteKeys,
        `routes: { '${prefix}': { target: 'https://api.example.com', ws: true } }`,
      );
    }
  }
  const target = resolveTarget(where, route.target);
  const rewritePath = resolveRewrite(where, prefix, route.rewrite);
  const timeoutMs = route.timeoutMs ?? routeDefaults.timeoutMs;
  if (
    typeof timeoutMs !== 'number' ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs <= 0 ||
    timeoutMs > 2_147_483_647
  ) {
    throw invalid(
      `${where}.timeoutMs`,
      timeoutMs,
      'must be a positive number of milliseconds',
      'timeoutMs: 60_000',
    );
  }
  const retryConnectMs = route.retryConnectMs ?? routeDefaults.retryConnectMs;
  if (typeof retryConnectMs !== 'number' || !Number.isFinite(retryConnectMs) || retryConnectMs < 0) {
    throw invalid(
      `${where}.retryConnectMs`,
      retryConnectMs,
      'must be a number of milliseconds (0 to fail at once)',
      'retryConnectMs: 5000',
    );
  }
  const toUpstreamPath = (localPath: string) => joinPaths(target.pathname, rewritePath(localPath));
  return Object.freeze({
    prefix,
    target,
    upstreamBase: joinPaths(target.pathname, rewritePath(prefix)).replace(/(.)\/+$/, '$1'),
    toUpstreamPath,
    headers: Object.freeze(resolveHeaders(where, route.headers)),
    ws: resolveBoolean(where, 'ws', route.ws, routeDefaults.ws),
    websocketOnly: /^wss?:\/\//i.test(String(route.target)),
    secure: resolveBoolean(where, 'secure', route.secure, routeDefaults.secure),
    ca: resolveCa(where, route.ca),
    timeoutMs,
    retryConnectMs,
    changeOrigin: resolveBoolean(where, 'changeOrigin', route.changeOrigin, routeDefaults.changeOrigin),
  });
}
