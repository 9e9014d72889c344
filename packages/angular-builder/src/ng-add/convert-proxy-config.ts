import type { RouteOptions } from 'cors-dev-proxy';
import { adoptHttpProxyMiddleware } from 'cors-dev-proxy/host';
import { type JSONPath, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { removeAt } from './json-edits.js';

/** A route as angular.json can hold it: no functions. A target alone is written as the shorthand string. */
export type JsonRoute = string | (Omit<RouteOptions, 'rewrite'> & { readonly rewrite?: string });

/** What became of one entry of the proxy config. */
export interface EntryOutcome {
  /** As the runtime names it: the key (`/api/**`), or the array entry's `context` (`/api, /auth`). */
  readonly name: string;
  /** The routes it became, when it converted. */
  readonly routes?: Readonly<Record<string, JsonRoute>>;
  /** Why it stays in the file, when it did not. */
  readonly reason?: string;
  /** The `routes` entry that would do the same, when there is one. */
  readonly equivalent?: string | undefined;
}

export interface ProxyConfigConversion {
  readonly entries: readonly EntryOutcome[];
  /** The routes of every converted entry, in file order. */
  readonly routes: Readonly<Record<string, JsonRoute>>;
  /** Every entry converted: `proxyConfig` can go. */
  readonly allConverted: boolean;
  /** The file without the converted entries, when some (not all) converted; comments and layout kept. */
  readonly remaining?: string;
}

/**
 * Converts a proxy.conf.json (Angular's `proxyConfig`: http-proxy-middleware's dialect, an object keyed by path
 * or an array of `{ context, target, … }`) into cors-dev-proxy routes, entry by entry, with the core's adoption
 * (`adoptHttpProxyMiddleware`, the same the builder runs at `ng serve` when it has no routes): what it serves
 * whole converts, what it leaves to Angular stays in the file, with its reason. One thing more than at run
 * time: a `pathRewrite` that is more than a prefix replacement adopts as a function, which angular.json
 * cannot hold, so that entry stays too. `existing`: routes the target already has; a prefix there wins.
 * Throws when the text is not JSON (with comments) or neither an object nor an array.
 */
export function convertProxyConfig(
  text: string,
  existing: Readonly<Record<string, unknown>> = {},
): ProxyConfigConversion {
  const errors: ParseError[] = [];
  const config: unknown = parse(text, errors, { allowTrailingComma: true });
  const [first] = errors;
  if (first) throw new Error(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  if (!config || typeof config !== 'object') throw new Error('it is neither an object nor an array');
  const items: [JSONPath, unknown][] = Array.isArray(config)
    ? config.map((entry, index) => [[index], [entry]])
    : Object.entries(config).map(([key, entry]) => [[key], { [key]: entry }]);

  const routes: Record<string, JsonRoute> = {};
  const entries: EntryOutcome[] = [];
  const converted: JSONPath[] = [];
  for (const [path, single] of items) {
    const outcome = convertEntry(single, path, { ...existing, ...routes });
    entries.push(outcome);
    if (!outcome.routes) continue;
    Object.assign(routes, outcome.routes);
    converted.push(path);
  }
  const allConverted = converted.length === items.length;
  return {
    entries,
    routes,
    allConverted,
    ...(converted.length > 0 && !allConverted ? { remaining: removeAt(text, converted) } : {}),
  };
}

function convertEntry(
  single: unknown,
  path: JSONPath,
  taken: Readonly<Record<string, unknown>>,
): EntryOutcome {
  const adoption = adoptHttpProxyMiddleware(single, 'Angular');
  const [firstSkip] = adoption.skipped;
  const name = entryName(path, single);
  if (firstSkip) {
    return {
      name,
      reason: adoption.skipped.map((skip) => skip.reason).join('; '),
      equivalent: firstSkip.equivalent,
    };
  }
  const routes: Record<string, JsonRoute> = {};
  for (const [prefix, route] of Object.entries(adoption.routes)) {
    const json = toJsonRoute(route);
    if (json === undefined) {
      return {
        name,
        reason:
          '`pathRewrite` is more than replacing the prefix (cors-dev-proxy adopts it as a function, which angular.json cannot hold)',
        equivalent: 'a `rewrite` function in cors-dev-proxy.config.mjs',
      };
    }
    const before = taken[prefix];
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(json)) {
      return { name, reason: `the route '${prefix}' is already in corsDevProxy.routes, with other options` };
    }
    routes[prefix] = json;
  }
  return { name, routes };
}

/** A key is its own name; an array entry is named by its context (`/api, /auth`), else by its position. */
function entryName(path: JSONPath, single: unknown): string {
  const [at] = path;
  if (typeof at === 'string') return at;
  const entry = (single as unknown[])[0] as { context?: unknown; pathFilter?: unknown } | undefined;
  const context = entry?.pathFilter ?? entry?.context;
  if (typeof context === 'string') return context;
  if (Array.isArray(context) && context.every((item) => typeof item === 'string')) return context.join(', ');
  return `[${at}]`;
}

function toJsonRoute(route: string | RouteOptions): JsonRoute | undefined {
  if (typeof route === 'string') return route;
  if (typeof route.rewrite === 'function') return undefined;
  const { target, ...rest } = route;
  return Object.keys(rest).length === 0 ? target : (route as JsonRoute);
}
