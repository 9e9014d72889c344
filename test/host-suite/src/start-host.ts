import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import type { BuildResult, HostHarness, RunningHost } from './harness.js';

/**
 * The kit's project: an index.html and a module importing a stylesheet, so SPA fallback, the page's script
 * and HMR have something to serve. `harness.prepareProject` adapts it to the host.
 */
export async function createFixtureProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-host-'));
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

/** The fixture project as this host needs it. */
export async function createProject(harness: HostHarness): Promise<string> {
  const root = await createFixtureProject();
  await harness.prepareProject?.(root);
  return root;
}

export interface StartOverrides {
  /** A project the contract prepared (config file, recorded shapes); default: a fresh fixture project. */
  readonly root?: string;
  readonly port?: number;
  readonly allowedHosts?: readonly string[];
  /** @default true */
  readonly watchFiles?: boolean;
  /** Keep only the most recent lines (storms print thousands of access-log lines, which are no leak). */
  readonly keepLines?: number;
}

/** A started host as the contracts see it: the harness's host plus what it logged and its project root. */
export interface StartedHost extends RunningHost {
  /** Every line the host's logger printed so far (our prefix included). */
  readonly lines: string[];
  readonly root: string;
}

/**
 * Removes a project a host served, once the host can no longer hold its files (`projectLingerMs`: then in the
 * background, unref'd, since a temp directory left at exit is harmless). Retried: an adapter may still be
 * writing the shapes file when its server has closed (Vite's does).
 */
export async function removeProject(harness: HostHarness, root: string): Promise<void> {
  const remove = () => fs.rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  if (!harness.projectLingerMs) return remove();
  setTimeout(() => void remove().catch(() => undefined), harness.projectLingerMs).unref();
}

export async function startHost(
  harness: HostHarness,
  options: CorsDevProxyOptions | undefined,
  overrides: StartOverrides = {},
): Promise<StartedHost> {
  const root = overrides.root ?? (await createProject(harness));
  const lines: string[] = [];
  const keep = overrides.keepLines;
  const log = (line: string) => {
    lines.push(line);
    if (keep !== undefined && lines.length > keep) lines.splice(0, lines.length - keep);
  };
  const host = await harness.start(options, {
    root,
    log,
    port: overrides.port ?? 0,
    allowedHosts: overrides.allowedHosts ?? [],
    watchFiles: overrides.watchFiles ?? true,
  });
  return {
    url: host.url,
    server: host.server,
    lines,
    root,
    ...(host.openHmrSocket ? { openHmrSocket: () => host.openHmrSocket!() } : {}),
    async close() {
      await host.close();
      if (!overrides.root) await removeProject(harness, root);
    },
  };
}

/** Runs the host's production build in `root`; the log is everything its logger printed, joined. */
export async function buildWith(
  harness: HostHarness,
  options: CorsDevProxyOptions | undefined,
  root: string,
): Promise<BuildResult & { readonly log: string }> {
  if (!harness.build) throw new Error(`${harness.name} has no build (capabilities.build is false)`);
  const lines: string[] = [];
  const result = await harness.build(options, {
    root,
    log: (line) => {
      lines.push(line);
    },
  });
  return { ...result, log: lines.join('\n') };
}

/** `http://localhost:<port>`: the page origin a developer opens (a different host from the backend's 127.0.0.1). */
export function pageOriginOf(host: { readonly url: string }): string {
  return host.url.replace('127.0.0.1', 'localhost');
}
