import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type CorsDevProxy,
  type CorsDevProxyOptions,
  createCorsDevProxy,
  isDefaultAllowedHost,
  resolveOptions,
} from 'cors-dev-proxy';
import type { Plugin, PreviewServer, ResolvedConfig, ViteDevServer } from 'vite';
import {
  clientModuleCode,
  clientModuleId,
  pageCallEvent,
  readyEvent,
  resolvedClientModuleId,
  warningEvent,
} from './browser-client.js';
import { runBuildAudit } from './build-audit.js';
import { handRequestsToProxyFirst, type RequestEmitter } from './request-handover.js';
import { resolvePluginOptions } from './resolve-plugin-options.js';
import { createViteProxyLogger } from './vite-logger.js';

type HttpServerLike = {
  readonly listening: boolean;
  address(): import('node:net').AddressInfo | string | null;
  prependListener(
    event: 'upgrade',
    listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ): unknown;
  off(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
  once(event: 'listening', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
};

/**
 * Vite's `allowedHosts` rule, so proxied WebSockets follow the same host policy as the rest of the dev server:
 * `true` allows all; entries starting with "." allow a domain and its subdomains.
 */
function isAllowedByVite(hostname: string, allowedHosts: string[] | true | undefined): boolean {
  if (allowedHosts === true || isDefaultAllowedHost(hostname)) return true;
  const name = hostname.toLowerCase();
  return (allowedHosts ?? []).some((entry) =>
    entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry.toLowerCase(),
  );
}

/** Vite's own sockets (HMR and its ping) are identified by subprotocol; they are never ours to take. */
function isViteHmrUpgrade(req: IncomingMessage): boolean {
  const protocol = String(req.headers['sec-websocket-protocol'] ?? '');
  return protocol === 'vite-hmr' || protocol === 'vite-ping';
}

/**
 * The cors-dev-proxy Vite plugin. Proxies each route's prefix to its target on the dev server's own origin,
 * ahead of Vite's proxy, static files and SPA fallback; works in `vite dev` and `vite preview`.
 *
 * Without options it adopts the project's `server.proxy` entries.
 *
 * @example
 * // vite.config.ts
 * import { corsDevProxy } from '@cors-dev-proxy/vite';
 * export default { plugins: [corsDevProxy({ routes: { '/api': 'https://api.example.com' } })] };
 */
export function corsDevProxy(options?: CorsDevProxyOptions): Plugin {
  // Validate eagerly: a bad config fails when vite.config is loaded, naming the option.
  if (options !== undefined) resolveOptions(options);
  let config: ResolvedConfig;
  let effectiveOptions: CorsDevProxyOptions = options ?? {};
  let adoptionNotes: string[] = [];
  let buildAudited = false;
  /** Whether the page script reports the page's API calls (only when the production audit is on). */
  let reportPageCalls = false;

  function attach(server: ViteDevServer | PreviewServer, kind: 'dev' | 'preview'): CorsDevProxy | undefined {
    const logger = createViteProxyLogger(server.config.logger);
    for (const note of adoptionNotes) logger.info(note);
    if (Object.keys(effectiveOptions.routes ?? {}).length === 0) {
      logger.warn(
        "no routes to proxy. Add them in vite.config: corsDevProxy({ routes: { '/api': 'https://api.example.com' } }) (or keep a server.proxy and call corsDevProxy() with no options).",
      );
      return undefined;
    }
    const allowedHosts =
      kind === 'dev' ? server.config.server.allowedHosts : server.config.preview.allowedHosts;
    const https = kind === 'dev' ? server.config.server.https : server.config.preview.https;
    // Vite's own server (not one the app passed in middlewareMode): proxied requests can skip Vite's stack.
    const viteHttpServer = server.config.server.middlewareMode ? null : server.httpServer;
    const proxy = createCorsDevProxy(effectiveOptions, {
      logger,
      isHostUpgrade: isViteHmrUpgrade,
      isAllowedHost: (hostname) => isAllowedByVite(hostname, allowedHosts),
      // Vite checks Host only over plain http (TLS already rules out DNS rebinding); so does the proxy when
      // it takes requests before Vite's check.
      guardHttpHosts: Boolean(viteHttpServer) && !https && allowedHosts !== true,
      root: server.config.root,
    });
    const handedOver =
      viteHttpServer !== null &&
      handRequestsToProxyFirst(viteHttpServer as unknown as RequestEmitter, proxy.handleRequest);
    // Otherwise registered synchronously in the hook body: the "pre" phase, before Vite's proxy, static files
    // and SPA fallback.
    if (!handedOver) server.middlewares.use(proxy.middleware);

    const middlewareMode = server.config.server.middlewareMode;
    const httpServer = (server.httpServer ??
      (typeof middlewareMode === 'object' && middlewareMode
        ? (middlewareMode as { server?: unknown }).server
        : null)) as HttpServerLike | null;
    if (httpServer) {
      const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        proxy.upgrade(req, socket, head);
      };
      // First in line, so a claimed socket is renamed before Vite's own proxy listener looks at it.
      httpServer.prependListener('upgrade', onUpgrade);
      httpServer.once('close', () => {
        httpServer.off('upgrade', onUpgrade);
        void proxy.close();
      });
    } else if (proxy.routes.some((route) => route.ws)) {
      logger.warn(
        'WebSocket routes need an HTTP server, but Vite runs in middlewareMode without one. Pass your server as server.middlewareMode: { server }.',
      );
    }

    if (proxy.auditor && httpServer) {
      // Replays the production allowlist with this dev server's own origin once it listens: can the app call
      // the API directly, and does the allowlist admit origins it should not?
      const auditor = proxy.auditor;
      const replay = () => {
        const address = httpServer.address();
        if (!address || typeof address === 'string') return;
        const protocol = server.config.server.https ? 'https' : 'http';
        void auditor.replayLocalOrigin(`${protocol}://localhost:${address.port}`);
      };
      if (httpServer.listening) replay();
      else httpServer.once('listening', replay);
    }

    if (kind === 'dev') {
      const devServer = server as ViteDevServer;
      proxy.warnings.subscribe((warning) => devServer.ws.send(warningEvent, warning));
      devServer.ws.on(
        readyEvent,
        (_data: unknown, client: { send(event: string, payload?: unknown): void }) => {
          proxy.auditor?.notePage();
          for (const warning of proxy.warnings.list()) client.send(warningEvent, warning);
        },
      );
      if (proxy.auditor) {
        const auditor = proxy.auditor;
        reportPageCalls = true;
        devServer.ws.on(pageCallEvent, (data: unknown) => auditor.notePageCall(data));
      }
    }
    return proxy;
  }

  return {
    name: 'cors-dev-proxy',
    enforce: 'pre',
    async configResolved(resolved) {
      config = resolved;
      const resolvedOptions = await resolvePluginOptions(options, resolved);
      effectiveOptions = resolvedOptions.options;
      adoptionNotes = [...resolvedOptions.notes];
    },
    configureServer: {
      order: 'pre',
      handler(server) {
        attach(server, 'dev');
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
      return id === resolvedClientModuleId ? clientModuleCode(reportPageCalls) : undefined;
    },
    async buildEnd(error) {
      // Dev servers call buildEnd on close too; and Vite 8 builds several environments: report once per build.
      if (config.command !== 'build' || error || buildAudited) return;
      buildAudited = true;
      const failure = await runBuildAudit(effectiveOptions, config.root, config.logger);
      if (failure) this.error(`[cors-dev-proxy] ${failure}`);
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
