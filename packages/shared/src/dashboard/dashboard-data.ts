import type { IncomingHttpHeaders } from 'node:http';
import { optionDefaults, routeDefaults } from '../config/defaults.js';
import type { ResolvedOptions, ResolvedRoute } from '../config/options.js';
import { elideQuery, redactHeaders } from '../redact.js';
import type { ExchangeRecord } from './request-ring.js';
import type { RouteState } from './route-states.js';

/**
 * What the dashboard's pages are sent, built only when a page asks (the state, a batch, a detail): every URL
 * with its query elided and every header redacted as the access log and error pages do it (redact.ts). The
 * page renders these with textContent only, so nothing in them can become markup.
 */

/** A route header's name: its value is usually an API key, so it is never shown. */
export type SecretNames = ReadonlyMap<string, ReadonlySet<string>>;

export function routeSecretNames(routes: readonly ResolvedRoute[]): SecretNames {
  return new Map(
    routes.map((route) => [
      route.prefix,
      new Set(Object.keys(route.headers).map((name) => name.toLowerCase())),
    ]),
  );
}

/** One row of the requests table. */
export function summarizeExchange(record: ExchangeRecord) {
  return {
    id: record.id,
    time: record.time,
    method: record.method,
    path: elideQuery(record.localUrl),
    route: record.route,
    upstream: elideQuery(record.upstreamOrigin + record.upstreamPath),
    kind: record.kind,
    status: record.status ?? null,
    ms: record.totalMs === undefined ? null : Math.round(record.totalMs),
    bytes: record.bytes,
    open: record.open,
    failure: record.failure?.kind ?? null,
  };
}

const rounded = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms * 10) / 10);

/** One request in full: headers before and after each hop's rewrites, cookie rewrites, timings, the failure. */
export function describeExchange(record: ExchangeRecord, secrets: SecretNames) {
  const extra = secrets.get(record.route);
  const lines = (headers: IncomingHttpHeaders | undefined) =>
    headers === undefined ? null : redactHeaders(headers, extra);
  return {
    ...summarizeExchange(record),
    // Older than the newest ones that keep their headers (request-ring.ts).
    headersKept: record.upstreamHeaders !== undefined,
    request: { received: lines(record.browserHeaders), sent: lines(record.upstreamHeaders) },
    response: { received: lines(record.receivedHeaders), sent: lines(record.sentHeaders) },
    cookies: (record.cookies ?? []).map(({ name, rewrite }) => ({
      name,
      notes: rewrite.notes,
      unusable: rewrite.unusable ?? null,
    })),
    timings: {
      connect: record.connectMs === 'reused' ? 'reused' : rounded(record.connectMs),
      firstByte: rounded(record.firstByteMs),
      total: rounded(record.totalMs),
    },
    diagnosis: record.failure ?? null,
  };
}

/** An option as the page lists it: its value, and whether that is the default. */
const option = (name: string, value: unknown, defaultValue?: unknown) => ({
  name,
  value: typeof value === 'string' ? value : JSON.stringify(value),
  isDefault: defaultValue !== undefined && value === defaultValue,
});

/** The routes with their state and the options in effect. */
export function describeRoutes(routes: readonly ResolvedRoute[], states: readonly RouteState[]) {
  const byPrefix = new Map(states.map((state) => [state.prefix, state]));
  return routes.map((route) => {
    const state = byPrefix.get(route.prefix);
    const headerNames = Object.keys(route.headers);
    return {
      prefix: route.prefix,
      target: `${route.target.origin}${route.target.pathname === '/' ? '' : route.target.pathname}`,
      ws: route.ws,
      state: state?.state ?? 'unknown',
      since: state?.since ?? null,
      diagnosis: state?.diagnosis ?? null,
      options: [
        option('path upstream', `${route.prefix}/… → ${route.toUpstreamPath(`${route.prefix}/`)}…`),
        option('ws', route.ws, routeDefaults.ws),
        option('changeOrigin', route.changeOrigin, routeDefaults.changeOrigin),
        option('secure', route.secure, routeDefaults.secure),
        option('timeoutMs', route.timeoutMs, routeDefaults.timeoutMs),
        option('retryConnectMs', route.retryConnectMs, routeDefaults.retryConnectMs),
        option(
          'headers',
          headerNames.length === 0 ? '{}' : `${headerNames.join(', ')} (values hidden)`,
          headerNames.length === 0 ? '{}' : undefined,
        ),
        option('ca', route.ca === undefined ? 'none' : 'set', route.ca === undefined ? 'none' : undefined),
      ],
    };
  });
}

/** The proxy-wide options in effect. */
export function describeOptions(options: ResolvedOptions) {
  return [
    option('accessLog', options.accessLog, optionDefaults.accessLog),
    option('mode', options.mode, optionDefaults.mode),
    option('failOnProductionCors', options.failOnProductionCors, optionDefaults.failOnProductionCors),
    option('dashboard', options.dashboard, optionDefaults.dashboard),
    option(
      'production.origin',
      options.production?.origin ?? 'none (no production audit)',
      'none (no production audit)',
    ),
  ];
}
