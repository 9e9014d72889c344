import { invalid, isPlainObject, resolveBoolean, unknownOption } from './config-errors.js';
import { optionDefaults } from './defaults.js';
import { routesOfProxyArray } from './foreign-forms.js';
import type { CorsDevProxyOptions, ResolvedOptions, ResolvedRoute } from './options.js';
import { resolveProduction } from './resolve-production.js';
import { exampleRoutes, resolveRoute } from './resolve-route.js';

const knownTopLevel = [
  'routes',
  'accessLog',
  'production',
  'mode',
  'failOnProductionCors',
  'dashboard',
] as const;

/** How the host's users write options, for examples in errors (`corsDevProxy({…})` in vite.config). */
export interface ResolveContext {
  /**
   * Wraps an options object literal the way this host's users write it.
   * @default the config file's form, `defineConfig({…})` in cors-dev-proxy.config.ts
   * @example (literal) => `corsDevProxy(${literal})`
   */
  readonly example?: (optionsLiteral: string) => string;
}

const configFileExample = (literal: string) => `defineConfig(${literal})   // cors-dev-proxy.config.ts`;

/**
 * Validates the user's options once, at startup, and applies every default. Nothing downstream re-checks.
 * The user's object is never mutated. Throws {@link CorsDevProxyError} naming the option, the bad value and a fix.
 */
export function resolveOptions(
  options: CorsDevProxyOptions | undefined = {},
  context: ResolveContext = {},
): ResolvedOptions {
  const example = (context.example ?? configFileExample)(`{ ${exampleRoutes} }`);
  if (!isPlainObject(options)) {
    throw invalid('The options', options, 'must be an object', example);
  }
  for (const key of Object.keys(options)) {
    if (!(knownTopLevel as readonly string[]).includes(key)) {
      throw unknownOption(key, knownTopLevel, example);
    }
  }
  const rawRoutes = options.routes ?? {};
  if (!isPlainObject(rawRoutes)) {
    // webpack-dev-server's array form: the same routes as our object, from the user's own entries.
    const translated = Array.isArray(rawRoutes) ? routesOfProxyArray(rawRoutes) : undefined;
    throw invalid(
      'routes',
      rawRoutes,
      translated
        ? "must be an object keyed by path prefix (the array of { context, target } is webpack-dev-server's form)"
        : 'must be an object keyed by path prefix',
      translated ?? exampleRoutes,
    );
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
    dashboard: resolveBoolean('options', 'dashboard', options.dashboard, optionDefaults.dashboard),
  });
}
