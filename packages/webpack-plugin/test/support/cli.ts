import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

/**
 * The webpack CLIs as users run them: each a real install under test/webpack-hosts/<host>, spawned as a child
 * process on the repository's Node (process.execPath) in a fixture project of its own. The config files
 * `require`/`import` `@cors-dev-proxy/webpack` by name, as users write it: the fixture's node_modules links
 * the package folder, so the CLIs load the built package (dist, what the tarball ships; `pnpm run build`
 * comes before the tests in `npm test`). The in-process tests (programmatic.test.ts) read the source.
 */
export type CliHost = 'wds5' | 'wds6' | 'rspack';

export const cliHosts: readonly CliHost[] = ['wds5', 'wds6', 'rspack'];

const hostsDir = fileURLToPath(new URL('../../../../test/webpack-hosts/', import.meta.url));
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

/** The CLI's own bin file (pnpm's node_modules/.bin entries are shell scripts, not Node files). */
export function cliBin(host: CliHost): string {
  return host === 'rspack'
    ? path.join(hostsDir, 'rspack/node_modules/@rspack/cli/bin/rspack.js')
    : path.join(hostsDir, host, 'node_modules/webpack-cli/bin/cli.js');
}

/** `webpack serve` on cli 6 / cli 7, `rspack serve`. */
export const cliName: Record<CliHost, string> = {
  wds5: 'webpack-cli 6 + wds 5',
  wds6: 'webpack-cli 7 + wds 6',
  rspack: 'rspack-cli 2',
};

export function hostPath(host: CliHost, ...parts: string[]): string {
  return path.join(hostsDir, host, ...parts);
}

/**
 * A fixture project in a temp dir: index.html, src/index.js, node_modules/@cors-dev-proxy/webpack linked to
 * this package, plus `files` (config files written by the test).
 */
export async function createFixture(files: Record<string, string>): Promise<string> {
  if (!existsSync(path.join(packageDir, 'dist/index.cjs'))) {
    throw new Error('packages/webpack-plugin/dist is missing: run `pnpm run build` before these tests.');
  }
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-webpack-cli-'));
  await fs.mkdir(path.join(root, 'src'));
  await fs.mkdir(path.join(root, 'node_modules/@cors-dev-proxy'), { recursive: true });
  await fs.symlink(packageDir, path.join(root, 'node_modules/@cors-dev-proxy/webpack'), 'dir');
  await fs.writeFile(
    path.join(root, 'index.html'),
    '<!doctype html>\n<title>fixture</title>\n<script src="/main.js"></script>\n',
  );
  await fs.writeFile(path.join(root, 'src/index.js'), "document.title = 'fixture ready';\n");
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(root, name), text);
  return root;
}

export async function removeFixture(root: string | undefined): Promise<void> {
  if (root) await fs.rm(root, { recursive: true, force: true });
}

/** The common part of every config: the fixture's entry and index.html, dev server on localhost, port 0. */
export const bundleFields = `mode: 'development',
  entry: './src/index.js',
  output: { filename: 'main.js', publicPath: '/' },
  devtool: false,`;

export const devServerFields = `host: 'localhost',
    port: 0,
    open: false,
    static: { directory: process.cwd(), watch: false },`;

export interface CliRun {
  readonly child: ChildProcess;
  /** stdout and stderr as they arrived, interleaved (wds logs to stderr, stats go to stdout). */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

const running = new Set<CliRun>();

/** Spawns `<cli> ...args` in `root`, in its own process group (killed whole by stopAll). */
export function runCli(host: CliHost, root: string, args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [cliBin(host), ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No colours (the assertions read plain text); no inherited PORT or NODE_OPTIONS from the runner.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', PORT: '', NODE_OPTIONS: '' },
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const run: CliRun = { child, output: () => text, exited };
  running.add(run);
  void exited.then(() => running.delete(run));
  return run;
}

/** Kills every CLI still running, with its children (the whole process group). */
export async function stopAll(): Promise<void> {
  const runs = [...running];
  for (const run of runs) {
    try {
      if (run.child.pid) process.kill(-run.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(runs.map((run) => run.exited));
}

export interface DevServer extends CliRun {
  /** `http://localhost:<port>` (or https). */
  readonly url: string;
}

/**
 * `webpack serve` / `rspack serve` with `--config <config>`, resolved once the dev server says where it
 * listens (`Loopback: http://localhost:P/` from wds, `Local: http://localhost:P/` from Rspack) and the first
 * compile is done, so the bundle can be read at once.
 */
export async function serve(host: CliHost, root: string, config: string): Promise<DevServer> {
  const run = runCli(host, root, ['serve', '--config', config]);
  const url = await waitForOutput(run, /(https?):\/\/localhost:(\d+)/, 40_000).then(
    (match) => `${match[1]}://localhost:${match[2]}`,
  );
  await waitForOutput(run, /compiled successfully/, 40_000);
  return { ...run, url };
}

/** Waits until the output matches `pattern`; fails with the whole output when the CLI exits or time runs out. */
export function waitForOutput(run: CliRun, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(run.output());
      if (!match) return false;
      cleanup();
      resolve(match);
      return true;
    };
    const onData = () => check();
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} in ${timeoutMs} ms; output:\n${run.output()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      run.child.stdout?.off('data', onData);
      run.child.stderr?.off('data', onData);
    };
    run.child.stdout?.on('data', onData);
    run.child.stderr?.on('data', onData);
    void run.exited.then((code) => {
      if (check()) return;
      cleanup();
      reject(new Error(`the CLI exited (${code}) before ${pattern}; output:\n${run.output()}`));
    });
    check();
  });
}

/** How many times `needle` occurs in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export interface UpstreamHit {
  readonly url: string;
  readonly host: string | undefined;
}

export interface Upstream {
  readonly url: string;
  readonly hits: UpstreamHit[];
  /** The paths of the WebSocket connections it accepted. */
  readonly upgrades: string[];
  /** What happened on the upstream's side, in order (the event-stream's `end`), for ordering assertions. */
  readonly events: string[];
  close(): Promise<void>;
}

/**
 * The real upstream: answers JSON naming itself and the path it got; `/api/sse` and `/fn/sse` are an event
 * stream whose first event goes out at once and which ends after 1.5 s; upgrades anywhere get a `ws` echo.
 */
export async function startUpstream(
  options: { tls?: { key: string; cert: string } } = {},
): Promise<Upstream> {
  const hits: UpstreamHit[] = [];
  const events: string[] = [];
  const upgrades: string[] = [];
  const handler: http.RequestListener = (req, res) => {
    hits.push({ url: req.url ?? '', host: req.headers.host });
    if (req.url?.endsWith('/sse')) {
      // Like most backends: no `no-transform`, so a compressing middleware would happily buffer it.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('data: first\n\n');
      setTimeout(() => {
        events.push('upstream ended the stream');
        res.end('data: last\n\n');
      }, 1500);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ upstream: 'test-upstream', url: req.url }));
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, req) => {
    upgrades.push(req.url ?? '');
    socket.on('message', (data) => socket.send(`echo:${String(data)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    upgrades,
    events,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One GET with Node's http/https (self-signed certificates accepted), the body read as text. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).get(
      url,
      { headers, rejectUnauthorized: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}
