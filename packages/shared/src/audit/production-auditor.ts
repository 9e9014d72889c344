import type { IncomingMessage } from 'node:http';

import type { ResolvedOptions, ResolvedRoute } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';
import type { ProxyLogger } from '../logger.js';
import type { WarningChannel } from '../warnings.js';
import { formatAuditWarning } from './audit-message.js';
import { judgeShape, type ShapeJudgement } from './judge-shape.js';
import type { WebSocketJudgement } from './judge-websocket.js';
import { replayAllowlistWithOrigins } from './local-origin-replay.js';
import type { OriginFinding } from './origin-findings.js';
import { createPageCallBook, parsePageCall } from './page-calls.js';
import { recordedShapesSummary } from './recorded-shapes-summary.js';
import { type RequestShape, shapeOfRequest, withPageCall } from './request-shape.js';
import { createShapeMemo } from './shape-memo.js';
import { readShapes, shapesFilePath, writeShapes } from './shapes-store.js';
import { createWebSocketAuditor } from './websocket-auditor.js';

export interface ProductionAuditor {
  readonly production: ResolvedProduction;
  /** `enforce` mode: requests production would block fail locally too. */
  readonly enforcing: boolean;
  /** Records the request's shape and judges it in the background; never delays the request. */
  observe(req: IncomingMessage, route: ResolvedRoute): RequestShape;
  /**
   * Records a proxied WebSocket upgrade and, once per route and path pattern, asks production whether it
   * accepts the upgrade from the production origin (and from any site) in the background.
   */
  observeUpgrade(req: IncomingMessage, route: ResolvedRoute): void;
  /** The WebSocket judgements so far. */
  webSockets(): Promise<WebSocketJudgement[]>;
  /**
   * The judgement of a shape (cached: each shape is judged once). A shape `observe` returned is first settled
   * with the page's report of the call (its credentials mode), when the page script sent one.
   */
  judge(shape: RequestShape): Promise<ShapeJudgement>;
  /**
   * A report from the page script (page-call-reporter.ts) about one of its `fetch`/XHR calls; anything that is
   * not a valid report is ignored.
   */
  notePageCall(report: unknown): void;
  /** A page running the page script connected: new shapes wait briefly for its reports. */
  notePage(): void;
  /** Every shape seen so far (this session and the shapes file), judged. */
  judgeAll(): Promise<ShapeJudgement[]>;
  /**
   * Replays the production allowlist with the local dev origin and crafted hostile origins, and reports what
   * it admits: whether the app could call the API directly without the proxy, and security findings (reflection,
   * `null`, `http:`, look-alike origins), worst first. Run at startup by the hosts, and on demand.
   */
  replayLocalOrigin(localOrigin: string): Promise<OriginFinding[]>;
  /** Findings of the last replay, with the local origin it used. */
  lastReplay(): { localOrigin: string; findings: readonly OriginFinding[] } | undefined;
  /** Writes pending shapes to the shapes file. */
  flush(): Promise<void>;
}

export interface AuditorContext {
  readonly logger: ProxyLogger;
  readonly warnings: WarningChannel;
  /** Project root: the shapes file lives below it. */
  readonly root?: string;
}

/** Probes run a few at a time: enough to keep up with an app's first page load, gentle on production. */
const maxConcurrentJudgements = 4;

/**
 * Judges every kind of request the app makes as the production browser would, once per shape, off the
 * request's path (a probe never delays a response), and reports each blocked shape once.
 */
export function createProductionAuditor(
  options: ResolvedOptions,
  context: AuditorContext,
): ProductionAuditor | undefined {
  const production = options.production;
  if (!production || options.mode === 'off') return undefined;
  const shapesFile = shapesFilePath(context.root ?? process.cwd());
  /** Settled shapes (the page's credentials mode applied), by their own key. */
  const shapes = new Map<string, { shape: RequestShape; route: ResolvedRoute }>();
  /** Shapes as observed on the request (by observed key) → the same shape settled with the page's report. */
  const settled = new Map<string, Promise<RequestShape>>();
  const pageCalls = createPageCallBook();
  const judgements = new Map<string, Promise<ShapeJudgement>>();
  // Routes that do not exist in production are not audited (their recorded shapes neither).
  const routeByPrefix = new Map(
    options.routes
      .filter((route) => !production.devOnlyRoutes.has(route.prefix))
      .map((route) => [route.prefix, route]),
  );
  let running = 0;
  const queue: (() => void)[] = [];
  let writeTimer: NodeJS.Timeout | undefined;
  let dirty = false;
  /** One memo per route (the shape carries the route's prefix). */
  const memos = new Map<ResolvedRoute, (req: IncomingMessage) => RequestShape>();
  const shapeOf = (req: IncomingMessage, route: ResolvedRoute): RequestShape => {
    let memo = memos.get(route);
    if (!memo) {
      memo = createShapeMemo((request) =>
        shapeOfRequest(
          { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers },
          route.prefix,
          production.credentials,
        ),
      );
      memos.set(route, memo);
    }
    return memo(req);
  };
  let lastReplay: { localOrigin: string; findings: readonly OriginFinding[] } | undefined;

  const limited = async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= maxConcurrentJudgements) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };

  const webSocketAuditor = createWebSocketAuditor(production, context.warnings, limited);

  const report = (judgement: ShapeJudgement) => {
    const { shape, verdict } = judgement;
    if (verdict?.allowed === false) {
      context.warnings.report({
        id: `production:${shape.key}`,
        message: formatAuditWarning(judgement, production),
      });
    } else if (judgement.drift) {
      context.warnings.report({
        id: `drift:${shape.key}`,
        message: `In production, ${shape.method} ${shape.pathPattern}: ${judgement.drift}. Update production.allowlist to match production.`,
      });
    }
    if (judgement.probeError) {
      context.warnings.report({
        id: `probe-failed:${shape.prefix}`,
        level: 'info',
        message: `Could not probe production for ${shape.prefix} (${judgement.probeError}); judging with the declared allowlist only.`,
      });
    }
  };

  /** `quiet`: judged without a warning of its own (shapes recorded in earlier sessions get one summary line). */
  const judgeSettled = (shape: RequestShape, quiet = false): Promise<ShapeJudgement> => {
    const cached = judgements.get(shape.key);
    if (cached) return cached;
    const route = shapes.get(shape.key)?.route ?? routeByPrefix.get(shape.prefix);
    if (!route) return Promise.reject(new Error(`no route ${shape.prefix} for shape ${shape.key}`));
    const pending = limited(() => judgeShape(shape, route, production)).then((judgement) => {
      if (!quiet) report(judgement);
      return judgement;
    });
    judgements.set(shape.key, pending);
    return pending;
  };

  /**
   * Only the page knows a call's credentials mode: a shape whose credentials were guessed from cookies takes
   * the page script's report when there is one (see request-shape.ts for why cookies are the fallback).
   */
  const settle = (observed: RequestShape): Promise<RequestShape> => {
    const known = settled.get(observed.key);
    if (known) return known;
    const route = routeByPrefix.get(observed.prefix);
    const pending = (
      observed.credentialsFrom === 'cookies'
        ? pageCalls
            .find({
              method: observed.method,
              path: observed.examplePath,
              unsafeHeaders: observed.unsafeHeaders,
            })
            .then((call) => (call ? withPageCall(observed, call) : observed))
        : Promise.resolve(observed)
    ).then((shape) => {
      if (route) remember(shape, route);
      return shape;
    });
    settled.set(observed.key, pending);
    return pending;
  };

  /** By the shape as observed: enforce mode asks on every request, and gets the same promise back each time. */
  const judgedByObserved = new Map<string, Promise<ShapeJudgement>>();
  const judge = (shape: RequestShape): Promise<ShapeJudgement> => {
    let judged = judgedByObserved.get(shape.key);
    if (!judged) {
      judged = settle(shape).then(judgeSettled);
      judgedByObserved.set(shape.key, judged);
    }
    return judged;
  };

  const remember = (shape: RequestShape, route: ResolvedRoute) => {
    if (shapes.has(shape.key)) return;
    shapes.set(shape.key, { shape, route });
    dirty = true;
    clearTimeout(writeTimer);
    // Batched: a page load makes many requests at once; the file is written once they settle.
    writeTimer = setTimeout(() => void flush(), 500);
    writeTimer.unref();
  };

  const flush = async () => {
    clearTimeout(writeTimer);
    if (!dirty) return;
    dirty = false;
    try {
      await writeShapes(
        shapesFile,
        [...shapes.values()].map(({ shape }) => shape),
      );
    } catch (error) {
      context.logger.warn(`could not write ${shapesFile}: ${(error as Error).message}`);
    }
  };

  // Shapes recorded in earlier sessions are judged again at startup, so known problems show up immediately: as
  // one summary line, not every shape's full warning again on every start (new shapes still get theirs).
  void readShapes(shapesFile)
    .then(async (stored) => {
      const pending: Promise<ShapeJudgement>[] = [];
      for (const shape of stored) {
        const route = routeByPrefix.get(shape.prefix);
        if (route && !shapes.has(shape.key)) {
          shapes.set(shape.key, { shape, route });
          pending.push(judgeSettled(shape, true));
        }
      }
      const judged = await Promise.all(pending.map((judgement) => judgement.catch(() => undefined)));
      const summary = recordedShapesSummary(
        judged.filter((judgement) => judgement !== undefined),
        { dashboard: options.dashboard },
      );
      if (summary) context.warnings.report({ id: 'production:recorded-shapes', message: summary });
    })
    .catch((error: Error) => context.logger.warn(error.message));

  return {
    production,
    enforcing: options.mode === 'enforce',
    observe(req, route) {
      // Hot path: the same request repeats all day; only a new kind is computed, settled and judged.
      const shape = shapeOf(req, route);
      if (!settled.has(shape.key)) {
        // setImmediate: the judgement starts after this request has been handed to the proxy engine.
        setImmediate(() => void judge(shape).catch(() => undefined));
      }
      return shape;
    },
    judge,
    notePageCall(data) {
      const call = parsePageCall(data);
      if (call) pageCalls.note(call);
    },
    notePage: () => pageCalls.notePage(),
    lastReplay: () => lastReplay,
    observeUpgrade: webSocketAuditor.observe,
    webSockets: webSocketAuditor.judgements,
    async replayLocalOrigin(localOrigin) {
      const findings = await replayAllowlistWithOrigins(options, production, localOrigin, context.warnings);
      lastReplay = { localOrigin, findings };
      return findings;
    },
    async judgeAll() {
      return Promise.all([...shapes.values()].map(({ shape }) => judgeSettled(shape)));
    },
    flush,
  };
}
