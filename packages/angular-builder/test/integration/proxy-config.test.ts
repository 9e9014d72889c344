import fs from 'node:fs/promises';
import path from 'node:path';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
// The example backend itself, not the core's support/backend.ts wrapper: this package's TypeScript project
// has allowJs, so the JSDoc types of the .mjs apply (the wrapper's @ts-expect-error would be unused here).
import { startBackend } from '../../../../examples/backend/src/server.mjs';
import {
  type AngularHost,
  angularHarness,
  writeAngularProject,
} from '../../../../test/host-suite/harnesses/angular.js';
import {
  createFixtureProject,
  removeProject,
  type StartedHost,
  startHost,
} from '../../../../test/host-suite/src/start-host.js';
import { wsUrlOf } from '../../../../test/host-suite/src/websocket-client.js';

type RunningBackend = Awaited<ReturnType<typeof startBackend>>;

/** A fixture workspace whose serve target names `proxy.conf.json`, holding `entries`. */
async function projectWithProxyConfig(host: AngularHost, entries: unknown): Promise<string> {
  const root = await createFixtureProject();
  await writeAngularProject(host, root);
  await fs.writeFile(path.join(root, 'proxy.conf.json'), JSON.stringify(entries, null, 2));
  const workspace = JSON.parse(await fs.readFile(path.join(root, 'angular.json'), 'utf8'));
  workspace.projects.app.architect.serve.options.proxyConfig = 'proxy.conf.json';
  await fs.writeFile(path.join(root, 'angular.json'), JSON.stringify(workspace, null, 2));
  return root;
}

/** Every request and upgrade a backend receives, so a test can tell which target served a path. */
function countArrivals(backend: RunningBackend) {
  const arrivals: string[] = [];
  backend.server.prependListener('request', (req) => arrivals.push(`${req.method} ${req.url}`));
  backend.server.prependListener('upgrade', (req) => arrivals.push(`upgrade ${req.url}`));
  return arrivals;
}

/** A WebSocket's first message, then one echo after it: the socket must outlive the handshake. */
function greetingAndEcho(url: string): Promise<{ greeting: string; echo: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let greeting: string | undefined;
    socket.on('message', (data) => {
      if (greeting === undefined) {
        greeting = String(data);
        socket.send('still-open');
      } else {
        socket.close();
        resolve({ greeting, echo: String(data) });
      }
    });
    socket.once('error', reject);
    socket.once('close', (code) => {
      if (greeting === undefined) reject(new Error(`closed with ${code} before any message`));
    });
  });
}

/**
 * Angular's `proxyConfig` next to cors-dev-proxy, in-process through architect as `ng serve` runs it
 * (test/host-suite/harnesses/angular.ts). Angular's own proxy is Vite's: its HTTP proxy runs after our
 * middleware, and its `ws: true` entries listen for upgrades on the same server as ours.
 */
describe.each(['ng21', 'ng22'] as AngularHost[])('proxyConfig next to cors-dev-proxy on %s', (host) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function start(options: CorsDevProxyOptions | undefined, root: string): Promise<StartedHost> {
    cleanups.push(() => removeProject(angularHarness(host), root));
    const started = await startHost(angularHarness(host), options, { root });
    cleanups.push(() => started.close());
    return started;
  }
  async function backend(): Promise<RunningBackend> {
    const started = await startBackend();
    cleanups.push(() => started.close());
    return started;
  }

  it('warns about an overlapping entry; our route wins for HTTP and for WebSockets, and HMR keeps working', async () => {
    const ours = await backend();
    const theirs = await backend();
    const theirArrivals = countArrivals(theirs);
    const root = await projectWithProxyConfig(host, { '/api': { target: theirs.url, ws: true } });
    const started = await start({ routes: { '/api': { target: ours.url, ws: true } } }, root);

    expect(started.lines).toContain(
      "[cors-dev-proxy] proxy.conf.json['/api'] overlaps the cors-dev-proxy route '/api'; cors-dev-proxy handles those requests. Remove the proxy.conf.json entry to silence this.",
    );
    const hello = await fetch(`${started.url}/api/hello`);
    expect(await hello.json()).toMatchObject({ path: '/api/hello', host: new URL(ours.url).host });
    // Vite's proxy listens for upgrades too (`ws: true`); without our claim it would take this socket to
    // its target, or both would answer it and the client would see close 1006.
    const { greeting, echo } = await greetingAndEcho(`${wsUrlOf(started.url)}/api/ws`);
    expect(JSON.parse(greeting)).toMatchObject({ type: 'hello', host: new URL(ours.url).host });
    expect(echo).toBe('echo:still-open');
    expect(theirArrivals).toEqual([]);
    // Angular's (Vite's) own socket is neither ours nor the proxyConfig's.
    await expect(started.openHmrSocket?.()).resolves.toContain('connected');
    expect(started.lines.join('\n')).not.toMatch(/ws proxy error/);
  });

  it('adopts the array form (context lists, pathRewrite) and names what it leaves to Angular, which still serves it', async () => {
    const api = await backend();
    const root = await projectWithProxyConfig(host, [
      { context: ['/v1', '/auth/**'], target: api.url, pathRewrite: { '^/v1': '/api' }, secure: false },
      { context: ['^/legacy'], target: api.url },
    ]);
    const started = await start(undefined, root);

    expect(started.lines).toContain(
      "[cors-dev-proxy] serving proxy.conf.json entries '/v1', '/auth' with cors-dev-proxy.",
    );
    expect(started.lines).toContain(
      `[cors-dev-proxy] left proxy.conf.json['^/legacy'] to Angular: "^/legacy" is a regular expression (Angular's proxy reads "^" keys so), not a path prefix. To serve it with cors-dev-proxy instead: routes: { '/legacy': '${api.url}' }.`,
    );
    const hello = await fetch(`${started.url}/v1/hello?x=1`);
    expect(await hello.json()).toMatchObject({ path: '/api/hello', query: { x: '1' } });
    await expect
      .poll(() => started.lines.find((line) => line.includes('GET /v1/hello?…')))
      .toMatch(/→ http:\/\/127\.0\.0\.1:\d+\/api\/hello\?… 200 \d+ ms/);
    // Not every entry was adopted, so Angular's own proxy stays and serves the one left to it.
    const legacy = await fetch(`${started.url}/legacy/x`);
    expect(await legacy.json()).toEqual({ error: 'not found', path: '/legacy/x' });
    expect(started.lines.some((line) => line.includes('GET /legacy/x'))).toBe(false);
  });
});
