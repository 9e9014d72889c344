import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createProductionAuditor, type ProductionAuditor } from '../audit/production-auditor.js';
import {
  type DirectCallFix,
  type DirectCallTarget,
  directCallTargets,
} from '../browser/direct-call-warner.js';
import { ownPathStem } from '../browser/endpoint-paths.js';
import type { CorsDevProxyOptions, ResolvedRoute } from '../config/options.js';
import { type ResolveContext, resolveOptions } from '../config/resolve-options.js';
import { createDashboard, dashboardPath } from '../dashboard/create-dashboard.js';
import { type ProxyLogger, silentLogger } from '../logger.js';
import { createWarningChannel, type WarningChannel } from '../warnings.js';
import { createAccessLogBatcher } from './access-log-batcher.js';
import { isDefaultAllowedHost, refuseHost, refuseUpgrade } from './host-guard.js';
import { matchRoute, pathnameOf } from './match-route.js';
import { createOwnEndpoints, isOwnPath } from './own-endpoints.js';
import { checkRequestTarget, collapseSlashes } from './request-target.js';
import { createRouteHandler, type RouteHandler } from './route-handler.js';

export type NextFunction = (error?: unknown) => void;

/** What a host adapter gets: plain Node handlers, no host types. */
export interface CorsDevProxy {
  /** Routes after validation, longest prefix first. */
  readonly routes: readonly ResolvedRoute[];
  /** Problems found while proxying, deduplicated; the adapter forwards them to the browser. */
  readonly warnings: WarningChannel;
  /**
   * Handles a request under a route's prefix (or one of our own `/__cors-dev-proxy/` endpoints, or a refused
   * request target) and returns
   * true; returns false, untouched, for everything else. For hosts that hand requests over before their own
   * middleware stack (the Vite plugin does, see ARCHITECTURE.md).
   */
  readonly handleRequest: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Connect/Express middleware: proxies requests under a route's prefix, calls `next()` for everything else. */
  readonly middleware: (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;
  /**
   * `upgrade` listener body: returns true when it took the socket (a WebSocket route matched), false when the
   * socket belongs to someone else (the host's HMR, another plugin) and was not touched.
   */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  /** The production audit, when `production` is configured and `mode` is not `off`. */
  readonly auditor: ProductionAuditor | undefined;
  /**
   * The routes' targets as the page might call them past the proxy, with the fix in this host's words: for
   * the browser client (`clientScript`, or a host channel's own client with `directCallWarnerCode`).
   */
  readonly directCallTargets: readonly DirectCallTarget[];
  /** The dashboard's path (`/__cors-dev-proxy/`), or undefined with `dashboard: false`. */
  readonly dashboardPath: string | undefined;
  /**
   * Prints the dashboard's URL on this origin, once per proxy (later calls do nothing), through the host's
   * logger. The kit calls it when the server listens (host/attach-to-server.ts).
   */
  announceDashboard(localOrigin: string): void;
  /** Drops pooled upstream connections and writes pending shapes. Client sockets are closed by the host. */
  close(): Promise<void>;
}

export interface CreateProxyContext {
  /** The host's logger; output is silent without one. */
  readonly logger?: ProxyLogger;
  /**
   * Says whether an upgrade request belongs to the host (e.g. Vite's HMR socket) so it is never claimed,
   * even by a catch-all `/` route.
   */
  readonly isHostUpgrade?: (req: IncomingMessage) => boolean;
  /**
   * Whether the dev server accepts this host name (Vite's `server.allowedHosts`). Proxied WebSockets are
   * refused on other hosts. @default localhost, *.localhost and IP literals
   */
  readonly isAllowedHost?: (hostname: string) => boolean;
  /**
   * Where this host's users allow another host name, named in a refusal's fix.
   * @default "the dev server's allowed hosts"
   * @example 'server.allowedHosts in vite.config'
   */
  readonly allowedHostsSetting?: string;
  /**
   * Check Host on proxied HTTP requests too (with `isAllowedHost`), for hosts that call `handleRequest` before
   * their own host check would run. WebSocket upgrades are always checked. @default false
   */
  readonly guardHttpHosts?: boolean;
  /** Project root (where `.cors-dev-proxy/shapes.json` lives). @default process.cwd() */
  readonly root?: string;
  /** How this host's users write options, for the examples in config errors (resolve-options.ts). */
  readonly example?: ResolveContext['example'];
  /**
   * Where this host's users keep the API's base URL, for the page's warning about calls past the proxy.
   * @default "a base URL of '/api' in the app's config instead of 'http://…'"
   * @example (prefix) => `apiUrl: '${prefix}' in src/environments/environment.ts`
   */
  readonly directCallFix?: DirectCallFix;
}

/** Marks a claimed upgrade so other `upgrade` listeners on the same server (Vite's own proxy) skip it. */
export const claimedUpgradePrefix = '/__cors-dev-proxy-claimed__';

/**
 * Creates the proxy for one set of options. Validates them first, so a bad config fails at startup with an
 * error that names the option and the fix.
 */
export function createCorsDevProxy(
  options: CorsDevProxyOptions = {},
  context: CreateProxyContext = {},
): CorsDevProxy {
  const resolved = resolveOptions(options, context.example ? { example: context.example } : {});
  const logger = context.logger ?? silentLogger;
  const warnings = createWarningChannel({ dashboardPath: resolved.dashboard ? dashboardPath : undefined });
  warnings.subscribe((warning) =>
    warning.level === 'info' ? logger.info(warning.message) : logger.warn(warning.message),
  );

  const auditor = createProductionAuditor(resolved, {
    logger,
    warnings,
    ...(context.root ? { root: context.root } : {}),
  });
  const accessLogBatcher = createAccessLogBatcher(logger, {
    elsewhere: resolved.dashboard ? `the dashboard at ${dashboardPath} lists every one` : undefined,
  });
  const dashboard = resolved.dashboard
    ? createDashboard({
        options: resolved,
        auditor,
        onRefused: (why) =>
          warnings.report({
            id: `dashboard-check-refused:${why}`,
            message: `Refused a dashboard check: ${why}.`,
          }),
      })
    : undefined;
  const handlerContext = {
    dashboard,
    routes: resolved.routes,
    logger,
    warnings,
    accessLog: resolved.accessLog,
    accessLogBatcher,
    auditor,
  };
  // http-proxy-middleware adds one 'close' listener to the host server per route; with ten routes Node would
  // print a false "possible EventEmitter memory leak" warning. Make room for exactly those, once per server.
  const serversWithRoom = new WeakSet<object>();
  const makeListenerRoom = (req: IncomingMessage) => {
    const server = (
      req.socket as { server?: { getMaxListeners(): number; setMaxListeners(n: number): void } }
    ).server;
    if (!server || serversWithRoom.has(server)) return;
    serversWithRoom.add(server);
    const limit = server.getMaxListeners();
    if (limit !== 0) server.setMaxListeners(limit + resolved.routes.length);
  };
  const targets = directCallTargets(resolved.routes, context.directCallFix);
  const serveOwnEndpoint = createOwnEndpoints({
    auditor,
    warnings,
    logger,
    isAllowedHost: context.isAllowedHost ?? isDefaultAllowedHost,
    allowedHostsSetting: context.allowedHostsSetting,
    directCallTargets: targets,
    dashboardEndpoints: dashboard?.endpoints,
  });
  const handlers = new Map<ResolvedRoute, RouteHandler>(
    resolved.routes.map((route) => [
      route,
      // A route that does not exist in production (`targets: { '/mock': false }`) is never audited.
      createRouteHandler(
        route,
        resolved.production?.devOnlyRoutes.has(route.prefix)
          ? { ...handlerContext, auditor: undefined }
          : handlerContext,
      ),
    ]),
  );

  function handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    // Hot path: one startsWith with a constant for every request; the rest only for our own paths.
    if (url.startsWith(ownPathStem) && isOwnPath(pathnameOf(url))) {
      serveOwnEndpoint(req, res);
      return true;
    }
    const problem = checkRequestTarget(url);
    // Absolute-form is refused everywhere; a dot segment only where a route would forward it (elsewhere the
    // host's own path checks apply).
    if (problem && (problem.kind === 'absolute-form' || matchRoute(resolved.routes, url))) {
      // Attack surface, not a route miss: answer here rather than letting later middleware interpret it.
      res.writeHead(400, {
        'content-type': 'text/plain; charset=utf-8',
        'x-cors-dev-proxy-error': problem.kind,
      });
      res.end(`400 Bad Request (cors-dev-proxy): ${problem.message}\n`);
      return true;
    }
    const route = matchRoute(resolved.routes, url);
    const handler = route && handlers.get(route);
    if (!handler) return false;
    if (context.guardHttpHosts && refuseForeignHost(req, res)) return true;
    req.url = collapseSlashes(url);
    makeListenerRoom(req);
    handler.handle(req, res);
    return true;
  }

  /**
   * DNS rebinding: a page on a foreign name that resolves to 127.0.0.1 must not reach the routes (they carry
   * the route's `headers`, API keys included). Hosts whose own check runs before ours skip this.
   */
  function refuseForeignHost(req: IncomingMessage, res: ServerResponse): boolean {
    const refusal = refuseHost(
      req,
      context.isAllowedHost ?? isDefaultAllowedHost,
      context.allowedHostsSetting,
    );
    if (!refusal) return false;
    warnings.report({
      id: `http-refused:${refusal}`,
      message: `Refused ${req.method ?? 'GET'} ${pathnameOf(req.url ?? '/')}: ${refusal}.`,
    });
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'x-cors-dev-proxy-error': 'host' });
    res.end(`403 Forbidden (cors-dev-proxy): ${refusal}.\n`);
    return true;
  }

  let announced = false;
  return {
    routes: resolved.routes,
    dashboardPath: dashboard ? dashboardPath : undefined,
    announceDashboard(localOrigin) {
      if (!dashboard || announced) return;
      announced = true;
      const line = `dashboard: ${localOrigin}${dashboardPath}`;
      if (logger.notice) logger.notice(line);
      else logger.info(line);
    },
    warnings,
    auditor,
    directCallTargets: targets,
    handleRequest,
    middleware: function corsDevProxyMiddleware(req, res, next) {
      if (!handleRequest(req, res)) next();
    },
    upgrade: function corsDevProxyUpgrade(req, socket, head) {
      const url = req.url ?? '/';
      if (url.startsWith(claimedUpgradePrefix) || context.isHostUpgrade?.(req)) return false;
      const route = matchRoute(resolved.routes, url);
      if (!route) return false;
      if (!route.ws) {
        warnings.report({
          id: `ws-disabled:${route.prefix}`,
          message: `A WebSocket to ${url.split('?')[0]} was not proxied because routes['${route.prefix}'].ws is off. Set routes: { '${route.prefix}': { target: '${route.target.origin}', ws: true } }.`,
        });
        return false;
      }
      const refusal =
        checkRequestTarget(url)?.message ??
        refuseUpgrade(req, context.isAllowedHost ?? isDefaultAllowedHost, context.allowedHostsSetting);
      if (refusal) {
        warnings.report({
          id: `ws-refused:${refusal}`,
          message: `Refused a WebSocket to ${url.split('?')[0]}: ${refusal}.`,
        });
        // Claimed and answered: no other listener should act on a hijacking attempt either.
        socket.on('error', () => undefined);
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', () =>
          socket.destroy(),
        );
        req.url = `${claimedUpgradePrefix}${url}`;
        return true;
      }
      makeListenerRoom(req);
      handlers.get(route)?.upgrade(req, socket, head);
      // Listeners after ours read req.url synchronously; a claimed URL matches none of their paths.
      req.url = `${claimedUpgradePrefix}${url}`;
      return true;
    },
    async close() {
      for (const handler of handlers.values()) handler.close();
      accessLogBatcher.flush();
      await auditor?.flush();
    },
  };
}
