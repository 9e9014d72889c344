import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ProductionAuditor } from '../audit/production-auditor.js';
import { ownPathPrefix, ownPathStem } from '../browser/endpoint-paths.js';
import { openEventStream } from '../browser/event-stream.js';
import { dashboardDetailSize, dashboardRingSize } from '../config/defaults.js';
import type { ResolvedOptions } from '../config/options.js';
import { serveCheck } from './dashboard-check.js';
import {
  describeExchange,
  describeOptions,
  describeRoutes,
  routeSecretNames,
  summarizeExchange,
} from './dashboard-data.js';
import { createDashboardFeed, type FeedLimits } from './dashboard-feed.js';
import { dashboardCsp, dashboardHtml } from './dashboard-page.js';
import { describeProduction } from './dashboard-production.js';
import {
  type CookieNote,
  createRequestRing,
  type ExchangeKind,
  type ExchangeRecord,
  type FailureDiagnosis,
} from './request-ring.js';
import { createRouteStates } from './route-states.js';

export const dashboardPath = ownPathPrefix;
const api = `${ownPathPrefix}dashboard/`;

/** The facts of a request the proxy already holds when it starts forwarding (proxy/request-state.ts). */
export interface ExchangeStart {
  readonly method: string;
  readonly localUrl: string;
  readonly upstreamPath: string;
  readonly browserHeaders: IncomingHttpHeaders;
  readonly upstreamHeaders: IncomingHttpHeaders;
  readonly startedAt: number;
}

/** What the proxy tells the dashboard, from the forwarder and the route handler. Each call is a few assignments. */
export interface DashboardRecorder {
  /** `upstreamOrigin` is the route's target origin (a string the route holds: nothing is built per request). */
  start(route: string, upstreamOrigin: string, start: ExchangeStart, kind?: ExchangeKind): ExchangeRecord;
  /** The upstream answered; `received` before our rewrites, `sent` after (the same object when none applied). */
  answered(
    record: ExchangeRecord,
    status: number,
    received: IncomingHttpHeaders,
    sent: IncomingHttpHeaders,
    cookies: readonly CookieNote[],
    connectMs: number | 'reused' | undefined,
  ): void;
  /** The browser's response (or socket) closed. */
  finished(record: ExchangeRecord, status: number | string): void;
  failed(record: ExchangeRecord | undefined, route: string, diagnosis: FailureDiagnosis): void;
  routeStarting(route: string): void;
  routeUp(route: string): void;
}

/** One endpoint of the dashboard: the methods it answers and its handler (proxy/own-endpoints.ts guards it). */
export interface DashboardEndpoint {
  readonly methods: readonly string[];
  serve(req: IncomingMessage, res: ServerResponse): void;
}

export interface Dashboard extends DashboardRecorder {
  readonly endpoints: ReadonlyMap<string, DashboardEndpoint>;
}

export interface DashboardContext {
  readonly options: ResolvedOptions;
  readonly auditor: ProductionAuditor | undefined;
  /** A check refused (a cross-site post): said once in the terminal and the console. */
  readonly onRefused: (why: string) => void;
  readonly capacity?: number;
  readonly feed?: FeedLimits;
}

const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

/**
 * The dashboard at /__cors-dev-proxy/: the recorder the proxy feeds (a ring of the last 1,000 exchanges, each
 * route's state) and the endpoints of the page (HTML, script, style, state, one request, production, the live
 * event stream, the check).
 */
export function createDashboard(context: DashboardContext): Dashboard {
  const { options, auditor } = context;
  const ring = createRequestRing(
    context.capacity ?? dashboardRingSize,
    Math.min(context.capacity ?? dashboardRingSize, dashboardDetailSize),
  );
  const feed = createDashboardFeed(context.feed);
  const routes = createRouteStates(
    options.routes.map((route) => route.prefix),
    () => feed.routesChanged(),
  );
  const secrets = routeSecretNames(options.routes);
  const query = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').searchParams;

  const state = () => ({
    capacity: ring.capacity,
    detailCapacity: ring.detailCapacity,
    routes: describeRoutes(options.routes, routes.list()),
    options: describeOptions(options),
    production: auditor !== undefined,
    requests: ring.list().map(summarizeExchange),
  });
  const page = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': dashboardCsp,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    res.end(dashboardHtml);
  };
  const get = (serve: DashboardEndpoint['serve']): DashboardEndpoint => ({ methods: ['GET', 'HEAD'], serve });

  const endpoints = new Map<string, DashboardEndpoint>([
    [dashboardPath, get(page)],
    [ownPathStem, get(page)],
    [`${api}state`, get((_req, res) => json(res, state()))],
    [
      `${api}request`,
      get((req, res) => {
        const record = ring.get(Number(query(req).get('id')));
        if (!record) {
          res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ error: 'no such request in the last ones kept' }));
          return;
        }
        json(res, describeExchange(record, secrets));
      }),
    ],
    [
      `${api}production`,
      get((req, res) => {
        describeProduction(auditor, query(req).get('framework')).then(
          (production) => json(res, production),
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify({ error: String(error) }));
          },
        );
      }),
    ],
    [
      `${api}events`,
      {
        methods: ['GET'],
        serve: (req, res) => {
          const stream = openEventStream(req, res);
          stream.onClose(
            feed.subscribe((batch) =>
              stream.send('batch', {
                requests: batch.records.map(summarizeExchange),
                dropped: batch.dropped,
                ...(batch.routesChanged ? { routes: describeRoutes(options.routes, routes.list()) } : {}),
              }),
            ),
          );
        },
      },
    ],
    [`${api}check`, { methods: ['POST'], serve: (req, res) => serveCheck(req, res, context.onRefused) }],
  ]);

  let nextId = 1;
  return {
    endpoints,
    start(route, upstreamOrigin, start, kind = 'http') {
      // Every field present from the start: one object shape for all records, however they end.
      const record: ExchangeRecord = {
        id: nextId++,
        time: Date.now(),
        startedAt: start.startedAt,
        method: start.method,
        localUrl: start.localUrl,
        route,
        upstreamOrigin,
        upstreamPath: start.upstreamPath,
        browserHeaders: start.browserHeaders,
        upstreamHeaders: start.upstreamHeaders,
        kind,
        status: undefined,
        receivedHeaders: undefined,
        sentHeaders: undefined,
        cookies: undefined,
        connectMs: undefined,
        firstByteMs: undefined,
        totalMs: undefined,
        bytes: 0,
        failure: undefined,
        open: false,
      };
      ring.add(record);
      feed.changed(record);
      return record;
    },
    answered(record, status, received, sent, cookies, connectMs) {
      record.status = status;
      record.connectMs = connectMs;
      record.firstByteMs = performance.now() - record.startedAt;
      record.receivedHeaders = received;
      record.sentHeaders = sent;
      if (cookies.length > 0) record.cookies = cookies;
      const type = sent['content-type'];
      if (status === 101) {
        record.kind = 'websocket';
        record.open = true;
      } else if (typeof type === 'string' && type.startsWith('text/event-stream')) {
        record.kind = 'event-stream';
        record.open = true;
      }
      routes.up(record.route);
      feed.changed(record);
    },
    finished(record, status) {
      if (record.status === undefined || typeof status === 'string' || record.kind !== 'websocket') {
        record.status = status;
      }
      record.totalMs = performance.now() - record.startedAt;
      record.open = false;
      feed.changed(record);
    },
    failed(record, route, diagnosis) {
      if (record) {
        record.failure = diagnosis;
        feed.changed(record);
      }
      routes.down(route, diagnosis);
    },
    routeStarting: (route) => routes.starting(route),
    routeUp: (route) => routes.up(route),
  };
}
