import { type CorsDevProxyOptions, resolveOptions } from 'cors-dev-proxy';
import {
  allowedHostsRule,
  allowsAnyHost,
  attachOnFirstRequest,
  attachToServer,
  type CorsDevProxy,
  createCorsDevProxy,
  createHostLogger,
  type HostOptions,
  hostSocketMatcher,
  resolveHostOptions,
  runBuildAudit,
  type ServerLike,
  takeRequestsFirst,
} from 'cors-dev-proxy/host';
import type { Logger, Plugin, PreviewServer, ResolvedConfig, ViteDevServer } from 'vite';
import {
  clientModuleCode,
  clientModuleId,
  pageCallEvent,
  readyEvent,
  resolvedClientModuleId,
  warningEvent,
} from './browser-client.js';

/** How Vite users write options: the example in every config error. */
const example = (options: string) => `corsDevProxy(${options})   // vite.config.ts`;
/** Vite's own sockets (HMR and its ping) are never ours to take. */
const isViteSocket = hostSocketMatcher({ subprotocols: ['vite-hmr', 'vite-ping'] });

/** Vite's logger, with the timestamp its other lines have; start-up lines without, as Vite's own banner. */
const loggerFor = (logger: Logger) =>
  createHostLogger({
    info: (message) => logger.info(message, { timestamp: true }),
    warn: (message) => logger.warn(message, { timestamp: true }),
    error: (message) => logger.error(message, { timestamp: true }),
    notice: (message) => logger.info(message),
  });

/**
 * The cors-dev-proxy Vite plugin. Proxies each route's prefix to its target on the dev server's own origin,
 * ahead of Vite's middleware stack; works in `vite dev` and `vite preview`. Without options it reads
 * cors-dev-proxy.config.*, else adopts the project's `server.proxy` entries. Glue over the host kit
 * (`cors-dev-proxy/host`); the behaviour is the core's.
 *
 * @example
 * // vite.config.ts
 * import { corsDevProxy } from '@cors-dev-proxy/vite';
 * export default { plugins: [corsDevProxy({ routes: { '/api': 'https://api.example.com' } })] };
 */
export function corsDevProxy(options?: CorsDevProxyOptions): Plugin {
  // Validate eagerly: a bad config fails when vite.config is loaded, naming the option.
  if (options !== undefined) resolveOptions(options, { example });
  let config: ResolvedConfig;
  let hostOptions: HostOptions | undefined;
  let buildAudited = false;
  /** Whether the page script reports the page's API calls (only when the production audit is on). */
  let reportPageCalls = false;
  let directCallTargets: CorsDevProxy['directCallTargets'] = [];
  /** Proxies of this plugin's dev servers: closing the server waits for their shapes file (closeBundle). */
  const proxies = new Set<CorsDevProxy>();

  function attach(server: ViteDevServer | PreviewServer, kind: 'dev' | 'preview'): CorsDevProxy | undefined {
    const logger = loggerFor(server.config.logger);
    const resolved = hostOptions ?? { options: {}, notes: [], warnings: [], servedHostEntries: [] };
    for (const note of resolved.notes) logger.info(note);
    for (const warning of resolved.warnings) logger.warn(warning);
    if (Object.keys(resolved.options.routes ?? {}).length === 0) {
      logger.warn(
        `no routes to proxy. Add them in vite.config: ${example("{ routes: { '/api': 'https://api.example.com' } }")} (or keep a server.proxy and call corsDevProxy() with no options).`,
      );
      return undefined;
    }
    // The settings of the server being started (preview has its own allowedHosts and https).
    const settings = kind === 'dev' ? server.config.server : server.config.preview;
    const middlewareMode = server.config.server.middlewareMode;
    // Vite's own server (not one the app passed in middlewareMode): proxied requests can skip Vite's stack.
    const ownServer = middlewareMode ? null : server.httpServer;
    const proxy = createCorsDevProxy(resolved.options, {
      logger,
      example,
      isHostUpgrade: isViteSocket,
      isAllowedHost: allowedHostsRule(settings.allowedHosts),
      allowedHostsSetting: `${kind === 'dev' ? 'server' : 'preview'}.allowedHosts in vite.config`,
      // Vite checks Host only over plain http (TLS already rules out DNS rebinding); so does the proxy when it
      // takes requests before Vite's check.
      guardHttpHosts: Boolean(ownServer) && !settings.https && !allowsAnyHost(settings.allowedHosts),
      root: server.config.root,
    });
    const httpServer = (server.httpServer ??
      (typeof middlewareMode === 'object' && middlewareMode
        ? (middlewareMode as { server?: unknown }).server
        : null)) as ServerLike | null;
    const tookFirst = ownServer !== null && takeRequestsFirst(ownServer, proxy.handleRequest);
    if (httpServer) attachToServer(proxy, httpServer, { secure: Boolean(settings.https) });
    else {
      // middlewareMode with no server given: the app's server is the one its first request arrives on (the
      // dashboard's URL is printed then, WebSockets are claimed from then on).
      const attachOnce = attachOnFirstRequest(proxy, { secure: Boolean(settings.https) });
      server.middlewares.use((req, _res, next) => {
        attachOnce(req);
        next();
      });
      if (proxy.routes.some((route) => route.ws)) {
        logger.warn(
          'WebSocket routes are served from the first HTTP request your server passes to Vite on (middlewareMode without a server). To serve them from the start, pass the server: server.middlewareMode: { server }.',
        );
      }
    }
    // Otherwise registered synchronously in the hook body: the "pre" phase, before Vite's proxy, static files
    // and SPA fallback.
    if (!tookFirst) server.middlewares.use(proxy.middleware);

    if (kind === 'dev') {
      directCallTargets = proxy.directCallTargets;
      const hot = (server as ViteDevServer).ws;
      proxy.warnings.subscribe((warning) => hot.send(warningEvent, warning));
      hot.on(readyEvent, (_data: unknown, client: { send(event: string, payload?: unknown): void }) => {
        proxy.auditor?.notePage();
        for (const warning of proxy.warnings.list()) client.send(warningEvent, warning);
      });
      const auditor = proxy.auditor;
      if (auditor) {
        reportPageCalls = true;
        hot.on(pageCallEvent, (data: unknown) => auditor.notePageCall(data));
      }
    }
    return proxy;
  }

  return {
    name: 'cors-dev-proxy',
    enforce: 'pre',
    async configResolved(resolved) {
      config = resolved;
      hostOptions = await resolveHostOptions({
        inline: options,
        root: resolved.root,
        host: 'Vite',
        example,
        hostProxy: {
          dialect: 'vite',
          entries: { ...(resolved.preview?.proxy ?? {}), ...(resolved.server.proxy ?? {}) },
          label: 'server.proxy',
        },
      });
    },
    configureServer: {
      order: 'pre',
      handler(server) {
        const proxy = attach(server, 'dev');
        if (proxy) proxies.add(proxy);
      },
    },
    configurePreviewServer(server) {
      // Preview has no HMR channel and serves prebuilt HTML: warnings go to the terminal only.
      attach(server, 'preview');
    },
    resolveId(id) {
      return id === clientModuleId ? resolvedClientModuleId : undefined;
    },
    load(id) {
      return id === resolvedClientModuleId ? clientModuleCode(reportPageCalls, directCallTargets) : undefined;
    },
    async buildEnd(error) {
      // Dev servers call buildEnd on close too; and Vite 8 builds several environments: report once per build.
      if (config.command !== 'build' || error || buildAudited || !hostOptions) return;
      buildAudited = true;
      const failure = await runBuildAudit(hostOptions.options, config.root, loggerFor(config.logger));
      if (failure) this.error(`[cors-dev-proxy] ${failure}`);
    },
    async closeBundle() {
      // `server.close()` runs this hook and waits for it: pending shapes reach the file before Vite resolves.
      await Promise.all([...proxies].map((proxy) => proxy.close()));
      proxies.clear();
    },
    transformIndexHtml(_html, context) {
      if (!context.server) return undefined;
      return [
        {
          tag: 'script',
          attrs: { type: 'module', src: `${config.base}@id/${clientModuleId}` },
          injectTo: 'head',
        },
      ];
    },
  };
}
