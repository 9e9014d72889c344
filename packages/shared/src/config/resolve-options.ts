import { CorsDevProxyError } from '../errors.js';
import { optionDefaults, routeDefaults } from './defaults.js';
import type { CorsDevProxyOptions, ResolvedOptions, ResolvedRoute, RouteOptions } from './options.js';
import { resolveProduction } from './resolve-production.js';
import { suggestName } from './suggest.js';

const knownTopLevel = ['routes', 'accessLog', 'production', 'mode', 'failOnProductionCors'] as const;
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
const exampleRoutes = `routes: { '/api': 'https://api.example.com' }`;

/** Quotes a user value for an error message without dumping huge objects or functions. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return 'an object';
  }
}

function invalid(option: string, value: unknown, requirement: string, example: string): CorsDevProxyError {
  return new CorsDevProxyError(
    'CONFIG_INVALID',
    `${option} ${requirement}, but got ${show(value)}.\n  Fix it in your cors-dev-proxy options, for example:\n    ${example}`,
  );
}

function unknownOption(option: string, known: readonly string[], example: string): CorsDevProxyError {
  const key = option.slice(option.lastIndexOf('.') + 1).replace(/^\[|\]$/g, '');
  const guess = suggestName(key, known);
  return new CorsDevProxyError(
    'CONFIG_UNKNOWN_OPTION',
    `${option} is not an option${guess ? ` (did you mean "${guess}"?)` : ''}. Known options here: ${known.join(', ')}.\n` +
      `  For example:\n    ${example}`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function resolvePrefix(prefix: string): string {
  const where = `routes[${JSON.stringify(prefix)}]`;
  if (!prefix.startsWith('/')) {
    throw invalid(
      `The route key ${where}`,
      prefix,
      'must be a path that starts with "/"',
      `routes: { '/${prefix.replace(/^\W+/, '') || 'api'}': 'https://api.example.com' }`,
    );
  }
  if (/[?#*\s]/.test(prefix)) {
    throw invalid(
      `The route key ${where}`,
      prefix,
      'must be a plain path prefix (no query, fragment, glob or spaces; it already matches everything below it)',
      exampleRoutes,
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

function resolveBoolean(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw invalid(`${where}.${name}`, value, 'must be true or false', `${name}: ${fallback}`);
  return value;
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

function resolveRoute(rawPrefix: string, raw: unknown): ResolvedRoute {
  const prefix = resolvePrefix(rawPrefix);
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

/**
 * Validates the user's options once, at startup, and applies every default. Nothing downstream re-checks.
 * The user's object is never mutated. Throws {@link CorsDevProxyError} naming the option, the bad value and a fix.
 */
export function resolveOptions(options: CorsDevProxyOptions | undefined = {}): ResolvedOptions {
  if (!isPlainObject(options)) {
    throw invalid('The options', options, 'must be an object', `corsDevProxy({ ${exampleRoutes} })`);
  }
  for (const key of Object.keys(options)) {
    if (!(knownTopLevel as readonly string[]).includes(key)) {
      throw unknownOption(key, knownTopLevel, `corsDevProxy({ ${exampleRoutes} })`);
    }
  }
  const rawRoutes = options.routes ?? {};
  if (!isPlainObject(rawRoutes)) {
    throw invalid('routes', rawRoutes, 'must be an object keyed by path prefix', exampleRoutes);
  }
  const routes: ResolvedRoute[] = [];
  const seen = new Map<string, string>();
  for (const [rawPrefix, raw] of Object.entries(rawRoutes)) {
    const route = resolveRoute(rawPrefix, raw);
    const earlier = seen.get(route.prefix);
    if (earlier !== undefined) {
      throw invalid(
        `routes[${JSON.stringify(rawPrefix)}]`,
        rawPrefix,
        `is the same prefix as routes[${JSON.stringify(earlier)}] (a trailing slash does not make a new prefix)`,
        exampleRoutes,
      );
    }
    seen.set(route.prefix, rawPrefix);
    routes.push(route);
  }
  routes.sort((a, b) => b.prefix.length - a.prefix.length);
  const { production, mode } = resolveProduction(
    options.production as CorsDevProxyOptions['production'],
    options.mode,
    routes,
  );
  return Object.freeze({
    routes: Object.freeze(routes),
    accessLog: resolveBoolean('options', 'accessLog', options.accessLog, optionDefaults.accessLog),
    production,
    mode,
    failOnProductionCors: resolveBoolean(
      'options',
      'failOnProductionCors',
      options.failOnProductionCors,
      optionDefaults.failOnProductionCors,
    ),
  });
}
