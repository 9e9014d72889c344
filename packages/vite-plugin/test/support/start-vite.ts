import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { InlineConfig, Logger, Plugin } from 'vite';

/** The Vite majors the plugin is tested against; each is a real install (vite and the `vite7` alias). */
export const viteVersions = {
  vite8: () => import('vite'),
  vite7: () => import('vite7') as unknown as Promise<typeof import('vite')>,
} as const;

export type ViteVersion = keyof typeof viteVersions;

/** A logger that records every line, so tests can assert what reached the terminal. */
export function createRecordingLogger(createLogger: typeof import('vite').createLogger): {
  logger: Logger;
  lines: string[];
} {
  const lines: string[] = [];
  const base = createLogger('info', { allowClearScreen: false });
  const record = (message: string) => {
    lines.push(message);
  };
  const logger: Logger = {
    ...base,
    info: (message) => record(message),
    warn: (message) => record(message),
    warnOnce: (message) => record(message),
    error: (message) => record(message),
  };
  return { logger, lines };
}

/** A throwaway Vite project: an index.html and a module, so SPA fallback and HMR have something to serve. */
export async function createFixtureProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-vite-'));
  await fs.writeFile(
    path.join(root, 'index.html'),
    '<!doctype html><html><head><title>fixture</title></head><body><div id="app"></div><script type="module" src="/main.js"></script></body></html>',
  );
  await fs.writeFile(
    path.join(root, 'main.js'),
    "import './style.css';\ndocument.querySelector('#app').textContent = 'fixture ready';\n",
  );
  await fs.writeFile(path.join(root, 'style.css'), 'body { color: rgb(0, 0, 0); }\n');
  return root;
}

export interface RunningVite {
  readonly url: string;
  readonly lines: string[];
  readonly root: string;
  close(): Promise<void>;
}

/** Starts a real Vite dev server (or preview server) on a free loopback port. */
export async function startVite(
  version: ViteVersion,
  plugins: Plugin[],
  options: { preview?: boolean; root?: string; config?: InlineConfig } = {},
): Promise<RunningVite> {
  const vite = await viteVersions[version]();
  const root = options.root ?? (await createFixtureProject());
  const { logger, lines } = createRecordingLogger(vite.createLogger);
  const config: InlineConfig = {
    root,
    configFile: false,
    customLogger: logger,
    plugins,
    server: { host: '127.0.0.1', port: 0 },
    preview: { host: '127.0.0.1', port: 0 },
    ...options.config,
  };
  if (options.preview) {
    await fs.mkdir(path.join(root, 'dist'), { recursive: true });
    await fs.copyFile(path.join(root, 'index.html'), path.join(root, 'dist', 'index.html'));
    const server = await vite.preview(config);
    const { port } = server.httpServer.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, lines, root, close: () => server.close() };
  }
  const server = await vite.createServer(config);
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, lines, root, close: () => server.close() };
}
