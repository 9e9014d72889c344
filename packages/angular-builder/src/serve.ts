import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevServerBuilderOptions, DevServerBuilderOutput } from '@angular/build';
import type { BuilderContext } from '@angular-devkit/architect';
import {
  allowedHostsRule,
  attachOnFirstRequest,
  createDeferredProxy,
  createHostLogger,
  hostSocketMatcher,
} from 'cors-dev-proxy/host';
import { loadAngularBuild } from './angular-build.js';
import { injectClientScript } from './index-html.js';
import {
  type CorsDevProxyBuilderKeys,
  example,
  projectRoot,
  resolveBuilderOptions,
  splitOptions,
} from './options.js';

type JsonObject = Parameters<BuilderContext['validateOptions']>[0];

/** `@cors-dev-proxy/angular:dev-server`'s options: Angular's dev-server options plus ours. */
export type CorsDevProxyDevServerOptions = DevServerBuilderOptions & CorsDevProxyBuilderKeys;

/** Angular's dev server is Vite: its HMR socket (and Vite's ping) are never ours to take. */
const isViteSocket = hostSocketMatcher({ subprotocols: ['vite-hmr', 'vite-ping'] });

/** The addresses `--host` may bind besides names: a name given there is one the user means to use. */
const isBindAll = (host: string) => host === '0.0.0.0' || host === '::';

/**
 * `@angular/build:dev-server` with cors-dev-proxy: Angular's options are validated against the installed
 * Angular (its defaults, its `PORT` rule) and handed to Angular's own builder; ours become a middleware that
 * runs after Angular's headers and assets middlewares and before Vite's proxy (`proxyConfig`), an upgrade
 * listener attached on the first request (Angular gives a middleware no server), and the core's client script
 * in index.html. Glue over the host kit (`cors-dev-proxy/host`); the behaviour is the core's.
 */
export async function* serveWithCorsDevProxy(
  options: CorsDevProxyDevServerOptions,
  context: BuilderContext,
): AsyncIterable<DevServerBuilderOutput> {
  const { ours, angular } = splitOptions(options);
  // Against the installed Angular's schema: its defaults (normalizeOptions reads a missing liveReload as false).
  const ngOptions = (await context.validateOptions(
    angular as JsonObject,
    '@angular/build:dev-server',
  )) as unknown as DevServerBuilderOptions;
  const root = await projectRoot(context);
  const logger = createHostLogger(context.logger);
  const hostName = ngOptions.host ?? 'localhost';
  const hostOptions = resolveBuilderOptions(ours, ngOptions.proxyConfig, context, root);
  const proxy = createDeferredProxy(hostOptions, {
    logger,
    example,
    noRoutesHint: `Add them in angular.json: ${example('{ "routes": { "/api": "https://api.example.com" } }').replace(/ +\/\/.*$/, '')} (or keep a proxyConfig file and pass no corsDevProxy options).`,
    isHostUpgrade: isViteSocket,
    // Angular apps keep the API's base URL in src/environments/environment.ts (`ng generate environments`).
    directCallFix: (prefix, origin) =>
      `apiUrl: '${prefix}' in src/environments/environment.ts instead of '${origin}'`,
    isAllowedHost: allowedHostsRule(
      ngOptions.allowedHosts === true
        ? true
        : [...(ngOptions.allowedHosts || []), ...(isBindAll(hostName) ? [] : [hostName])],
    ),
    allowedHostsSetting: "allowedHosts in angular.json (the serve target's options)",
    // Vite's host check runs before our middleware for HTTP; upgrades are checked by the proxy itself.
    guardHttpHosts: false,
    root,
  });
  context.addTeardown(() => proxy.close());

  let attach: ((req: IncomingMessage) => void) | undefined;
  void proxy.ready.then(
    (ready) => {
      if (ready) attach = attachOnFirstRequest(ready, { secure: Boolean(ngOptions.ssl) });
    },
    () => undefined, // reported by createDeferredProxy
  );
  const middleware = function corsDevProxyAngularMiddleware(
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) {
    // WebSockets need the server, which Angular hands no middleware: the first request's socket has it.
    if (attach) attach(req);
    else
      void proxy.ready.then(
        () => attach?.(req),
        () => undefined,
      );
    proxy.middleware(req, res, next);
  };
  const indexHtmlTransformer = async (html: string) =>
    (await proxy.ready.catch(() => undefined)) ? injectClientScript(html) : html;

  // Adopted proxy.conf.json entries are ours whole: Angular's own proxy (Vite's, where `/api` also matches
  // `/apix`) does not keep serving what our routes leave to the app.
  const proxyConfigServed = await hostOptions.then(
    (resolved) => resolved.proxyConfigServed,
    () => false, // reported by createDeferredProxy
  );
  const angularOptions = proxyConfigServed ? { ...ngOptions, proxyConfig: undefined } : ngOptions;
  const outputs = loadAngularBuild(context.workspaceRoot).executeDevServerBuilder(angularOptions, context, {
    middleware: [middleware],
    indexHtmlTransformer,
  });
  for await (const output of outputs) {
    // Angular hands the middleware its server only with the first request; the URL is known now.
    if (output.success && output.port) {
      const origin = `${ngOptions.ssl ? 'https' : 'http'}://localhost:${output.port}`;
      void proxy.ready.then(
        (ready) => ready?.announceDashboard(origin),
        () => undefined,
      );
    }
    yield output;
  }
}
