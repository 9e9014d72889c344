import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import {
  allowedHostsRule,
  attachToServer,
  clientScript,
  createDeferredProxy,
  createHostLogger,
  hostSocketMatcher,
  resolveHostOptions,
} from 'cors-dev-proxy/host';
import { addClientEntry } from './client-entry.js';
import { handOverHostProxyEntries } from './hand-over-host-proxy.js';
import { type Compiler, compilersOf, type DevServer, type Middleware } from './host-types.js';
import { wiringRegistry } from './wiring-marks.js';
import { devServerName, exampleFor, type WiringStyle } from './wiring-style.js';

/**
 * wds's middlewares ours goes before: after its Host and cross-origin checks, before compression (which would
 * buffer a proxied event stream until it ends), the bundle, wds's own `proxy`, static files and the history
 * fallback (which answers `fetch()` with index.html). `set-headers` and the dev middleware are the first
 * entries when `compress` is off; `@rspack/dev-middleware` is Rspack's name for it.
 */
const insertBefore = new Set([
  'compression',
  'set-headers',
  'webpack-dev-middleware',
  '@rspack/dev-middleware',
]);

function insertionIndex(middlewares: readonly Middleware[]): number {
  const at = middlewares.findIndex(
    (entry) => typeof entry !== 'function' && entry.name !== undefined && insertBefore.has(entry.name),
  );
  // No known entry (a user's setupMiddlewares rebuilt the list): after the checks if they are there, else first.
  if (at >= 0) return at;
  const checks = middlewares.findLastIndex(
    (entry) => typeof entry !== 'function' && /header-check$/.test(entry.name ?? ''),
  );
  return checks + 1;
}

/** wds's HMR socket path (`webSocketServer.options.path`, default `/ws`); none when the socket is off. */
function hmrSocketPaths(devServer: DevServer): string[] {
  const socket = devServer.options.webSocketServer;
  if (socket === false) return [];
  const configured = typeof socket === 'object' ? socket.options?.path : undefined;
  return [typeof configured === 'string' ? configured : '/ws'];
}

function servesTls(devServer: DevServer): boolean {
  const setting = devServer.options.server;
  const type = typeof setting === 'string' ? setting : setting?.type;
  return (
    (typeof type === 'string' && type !== 'http') || typeof devServer.server?.setSecureContext === 'function'
  );
}

function firstCompiler(devServer: DevServer): Compiler {
  const [compiler] = compilersOf(devServer.compiler);
  if (!compiler) throw new Error('cors-dev-proxy: the dev server has no compiler');
  return compiler;
}

/**
 * Wires cors-dev-proxy into one webpack-dev-server (or @rspack/dev-server) from inside its setupMiddlewares:
 * the proxy middleware at its place in the list, the upgrade listener first on the server, the client entry,
 * and the terminal through webpack's infrastructure logger. A dev server is wired once, however many copies of
 * this package try (wiring-marks.ts). Returns the list to hand back to wds.
 */
export function wireDevServer(
  middlewares: Middleware[],
  devServer: DevServer,
  inline: CorsDevProxyOptions | undefined,
  style: WiringStyle,
): Middleware[] {
  const registry = wiringRegistry();
  if (registry.devServers.has(devServer)) return middlewares;
  registry.devServers.add(devServer);

  const compiler = firstCompiler(devServer);
  for (const each of compilersOf(devServer.compiler)) registry.compilers.add(each);
  const root = compiler.context;
  const example = exampleFor(style);
  const host = devServerName(compiler).name;
  const logger = createHostLogger(compiler.getInfrastructureLogger('cors-dev-proxy'), { prefix: false });
  const options = resolveHostOptions({
    inline,
    root,
    host,
    example,
    hostProxy: {
      dialect: 'http-proxy-middleware',
      entries: devServer.options.proxy,
      label: 'devServer.proxy',
    },
  });
  const proxy = createDeferredProxy(options, {
    logger,
    example,
    noRoutesHint: `Add them in webpack.config.js: ${example("{ routes: { '/api': 'https://api.example.com' } }").replace(/ +\/\/.*$/, '')} (or keep a devServer.proxy and pass no options).`,
    isHostUpgrade: hostSocketMatcher({ paths: hmrSocketPaths(devServer) }),
    isAllowedHost: allowedHostsRule(devServer.options.allowedHosts),
    allowedHostsSetting: 'devServer.allowedHosts in the webpack (or Rspack) config',
    // wds's own host-header-check runs before our middleware; upgrades are checked by the proxy itself.
    guardHttpHosts: false,
    root,
  });
  // Adopted devServer.proxy entries are ours now: wds's own proxy middleware for them steps aside.
  let served: ReadonlySet<number> = new Set();
  options.then(
    (resolved) => {
      served = new Set(resolved.servedHostEntries);
    },
    () => undefined, // reported by createDeferredProxy
  );
  handOverHostProxyEntries(middlewares, () => served);
  middlewares.splice(insertionIndex(middlewares), 0, {
    name: 'cors-dev-proxy',
    middleware: proxy.middleware,
  });

  const server = devServer.server;
  const secure = servesTls(devServer);
  void proxy.ready.then(
    (ready) => {
      if (ready && server) attachToServer(ready, server, { secure });
    },
    () => undefined, // reported by createDeferredProxy
  );
  addClientEntry(devServer, async () => {
    const ready = await proxy.ready;
    if (!ready) return '';
    return clientScript({
      reportPageCalls: ready.auditor !== undefined,
      directCallTargets: ready.directCallTargets,
    });
  });
  return middlewares;
}
