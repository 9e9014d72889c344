import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { corsDevProxy } from '@cors-dev-proxy/vite';
import type { InlineConfig, Logger, Plugin } from 'vite';
import type { HostHarness } from '../src/harness.js';
import { createFixtureProject } from '../src/start-host.js';
import { firstMessage, wsUrlOf } from '../src/websocket-client.js';

/** The Vite majors the plugin is tested against; each is a real install (vite and the vite6/vite7 aliases). */
export const viteVersions = {
  vite6: () => import('vite6') as unknown as Promise<typeof import('vite')>,
  vite7: () => import('vite7') as unknown as Promise<typeof import('vite')>,
  vite8: () => import('vite'),
} as const;

export type ViteVersion = keyof typeof viteVersions;

/** Vite's own logger with every line it prints handed to `log`, so tests can assert what reached the terminal. */
export function createRecordingLogger(
  createLogger: typeof import('vite').createLogger,
  log: (line: string) => void,
): Logger {
  const base = createLogger('info', { allowClearScreen: false });
  const record = (message: string) => {
    log(message);
  };
  return { ...base, info: record, warn: record, warnOnce: record, error: record };
}

export interface RunningVite {
  readonly url: string;
  readonly lines: string[];
  readonly root: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Starts a real Vite dev server, or builds the project and starts `vite preview` on it, as users do; any
 * plugins and config (the Vite-only tests pass their own). Only Vite's and the plugin's public API.
 */
export async function startVite(
  version: ViteVersion,
  plugins: Plugin[],
  options: { preview?: boolean; root?: string; config?: InlineConfig; log?: (line: string) => void } = {},
): Promise<RunningVite> {
  const vite = await viteVersions[version]();
  const root = options.root ?? (await createFixtureProject());
  const lines: string[] = [];
  const logger = createRecordingLogger(vite.createLogger, options.log ?? ((line) => lines.push(line)));
  const config: InlineConfig = {
    root,
    configFile: false,
    customLogger: logger,
    plugins,
    server: { host: '127.0.0.1', port: 0 },
    preview: { host: '127.0.0.1', port: 0 },
    ...options.config,
  };
  const running = (server: Server, close: () => Promise<void>): RunningVite => {
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, lines, root, server, close };
  };
  if (options.preview) {
    await vite.build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: path.join(root, 'dist') },
    });
    const server = await vite.preview(config);
    return running(server.httpServer as Server, () => server.close());
  }
  const server = await vite.createServer(config);
  await server.listen();
  return running(server.httpServer as Server, () => server.close());
}

/** Vite's client opens its HMR socket with the `vite-hmr` subprotocol and is greeted with `{"type":"connected"}`. */
async function openViteHmrSocket(url: string): Promise<string> {
  const hello = await firstMessage(wsUrlOf(url), { protocol: 'vite-hmr' });
  if ((JSON.parse(hello) as { type?: string }).type !== 'connected') {
    throw new Error(`Vite's HMR socket greeted with ${hello}, not {"type":"connected"}`);
  }
  return hello;
}

/** `vite dev` or `vite preview` of one Vite major, with `corsDevProxy(options)` in the plugins. */
export function viteHarness(version: ViteVersion, mode: 'dev' | 'preview'): HostHarness {
  const preview = mode === 'preview';
  return {
    name: `${version} ${mode}`,
    allowedHostsSetting: `${mode === 'preview' ? 'preview' : 'server'}.allowedHosts in vite.config`,
    // Preview serves the build: no HMR, and the plugin's warnings go to the terminal only.
    capabilities: {
      hmr: !preview,
      browserChannel: preview ? 'none' : 'hmr',
      build: true,
      takesRequestsFirst: true,
    },
    async start(options, setup) {
      const listen = {
        host: '127.0.0.1',
        port: setup.port,
        strictPort: setup.port !== 0,
        allowedHosts: [...setup.allowedHosts],
      };
      const vite = await startVite(version, [corsDevProxy(options)], {
        preview,
        root: setup.root,
        log: setup.log,
        config: { server: { ...listen, ...(setup.watchFiles ? {} : { watch: null }) }, preview: listen },
      });
      return {
        url: vite.url,
        server: vite.server,
        close: vite.close,
        ...(preview ? {} : { openHmrSocket: () => openViteHmrSocket(vite.url) }),
      };
    },
    async build(options, setup) {
      const vite = await viteVersions[version]();
      return vite
        .build({
          root: setup.root,
          configFile: false,
          customLogger: createRecordingLogger(vite.createLogger, setup.log),
          logLevel: 'info',
          plugins: [corsDevProxy(options)],
          build: { outDir: path.join(setup.root, 'dist') },
        })
        .then(
          () => ({ failed: false }),
          (error: Error) => ({ failed: true, error: error.message }),
        );
    },
  };
}
