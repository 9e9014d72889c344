import { frameworkNames } from '../cors/fix-policy.js';
import { CorsDevProxyError } from '../errors.js';
import { productionDefaults } from './defaults.js';
import type { ResolvedRoute } from './options.js';
import type { AuditMode, ProductionOptions, ResolvedProduction } from './production-options.js';

const knownKeys = ['origin', 'targets', 'allowlist', 'probe', 'credentials', 'framework'];
const example = `production: { origin: 'https://app.example.com', targets: { '/api': 'https://api.example.com' } }`;

function fail(option: string, value: unknown, requirement: string, fix = example): never {
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'function'
        ? 'a function'
        : JSON.stringify(value);
  throw new CorsDevProxyError(
    'CONFIG_INVALID',
    `${option} ${requirement}, but got ${shown}.\n  Fix it in your cors-dev-proxy options, for example:\n    ${fix}`,
  );
}

function parseOrigin(option: string, value: unknown): string {
  if (typeof value !== 'string') return fail(option, value, 'must be the origin the app is served from');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(option, value, 'must be an absolute origin like https://app.example.com');
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    value.endsWith('/')
  ) {
    return fail(
      option,
      value,
      'must be an origin (scheme://host[:port]) without a path or trailing slash',
      `production: { origin: '${url.protocol}//${url.host}' }`,
    );
  }
  return url.origin;
}

/** Validates `production` and `mode`; defaults each route's production target to its dev target. */
export function resolveProduction(
  production: ProductionOptions | undefined,
  mode: unknown,
  routes: readonly ResolvedRoute[],
): { production: ResolvedProduction | undefined; mode: AuditMode } {
  if (mode !== undefined && mode !== 'warn' && mode !== 'enforce' && mode !== 'off') {
    fail('mode', mode, "must be 'warn', 'enforce' or 'off'", "mode: 'warn'");
  }
  const resolvedMode = (mode ?? 'warn') as AuditMode;
  if (production === undefined) return { production: undefined, mode: resolvedMode };
  if (production === null || typeof production !== 'object' || Array.isArray(production)) {
    return fail('production', production, 'must be an object');
  }
  for (const key of Object.keys(production)) {
    if (!knownKeys.includes(key)) {
      throw new CorsDevProxyError(
        'CONFIG_UNKNOWN_OPTION',
        `production.${key} is not an option. Known options here: ${knownKeys.join(', ')}.\n  For example:\n    ${example}`,
      );
    }
  }
  const origin = parseOrigin('production.origin', production.origin);
  const targets = new Map<string, URL>();
  const websocketRoutes = new Set(routes.filter((route) => route.websocketOnly).map((route) => route.prefix));
  const devOnlyRoutes = new Set<string>();
  const declaredTargets = production.targets ?? {};
  if (typeof declaredTargets !== 'object' || Array.isArray(declaredTargets))
    fail('production.targets', declaredTargets, 'must map route prefixes to URLs');
  for (const [prefix, target] of Object.entries(declaredTargets)) {
    const normalized = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
    if (!routes.some((route) => route.prefix === normalized)) {
      fail(
        `production.targets[${JSON.stringify(prefix)}]`,
        prefix,
        `names no route (routes: ${routes.map((route) => `'${route.prefix}'`).join(', ') || 'none'})`,
      );
    }
    if (target === false) {
      devOnlyRoutes.add(normalized);
      continue;
    }
    try {
      const written = new URL(String(target));
      // ws(s):// as in the WebSocket code: the handshake is an http(s) request to the same place.
      const websocket = written.protocol === 'ws:' || written.protocol === 'wss:';
      const url = websocket ? new URL(written.href.replace(/^ws/, 'http')) : written;
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      url.pathname = url.pathname.replace(/\/+$/, '');
      targets.set(normalized, url);
      if (websocket) websocketRoutes.add(normalized);
    } catch {
      fail(
        `production.targets[${JSON.stringify(prefix)}]`,
        target,
        'must be an absolute http(s) (or ws(s)) URL, or false for a route that does not exist in production',
        `targets: { '${normalized}': 'https://api.example.com' }`,
      );
    }
  }
  for (const route of routes) {
    if (!targets.has(route.prefix) && !devOnlyRoutes.has(route.prefix))
      targets.set(route.prefix, route.target);
  }
  const allowlist = production.allowlist;
  if (
    allowlist !== undefined &&
    (allowlist === null || typeof allowlist !== 'object' || Array.isArray(allowlist))
  ) {
    fail(
      'production.allowlist',
      allowlist,
      'must be an object in the shape of the cors package options',
      `allowlist: { origin: 'https://app.example.com', credentials: true }`,
    );
  }
  if (production.probe !== undefined && typeof production.probe !== 'boolean')
    fail('production.probe', production.probe, 'must be true or false', 'probe: true');
  const credentials = production.credentials ?? productionDefaults.credentials;
  if (!['auto', 'include', 'omit'].includes(credentials))
    fail(
      'production.credentials',
      credentials,
      "must be 'auto', 'include' or 'omit'",
      "credentials: 'include'",
    );
  if (
    production.framework !== undefined &&
    !(frameworkNames as readonly string[]).includes(production.framework)
  ) {
    fail(
      'production.framework',
      production.framework,
      `must be one of ${frameworkNames.join(', ')}`,
      "framework: 'express'",
    );
  }
  return {
    production: Object.freeze({
      origin,
      targets,
      devOnlyRoutes,
      websocketRoutes,
      allowlist,
      probe: production.probe ?? allowlist === undefined,
      credentials,
      framework: production.framework,
    }),
    mode: resolvedMode,
  };
}
