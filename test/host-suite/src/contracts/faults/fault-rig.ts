import fs from 'node:fs/promises';
import http from 'node:http';
import type { RouteOptions } from 'cors-dev-proxy';
import {
  type Fault,
  type FaultUpstream,
  httpFaults,
  startFaultUpstream,
  webSocketFaults,
} from '../../../../../packages/shared/test/support/fault-upstream.js';
import type { HostHarness } from '../../harness.js';
import { type StartedHost, startHost } from '../../start-host.js';
import { outsideStorms } from './fault-lock.js';

/** Every route's time limit for the upstream's first answer; the tests hold the proxy to it. */
export const routeTimeoutMs = 1_000;
/** Room for a loaded CI machine on top of the route's time limit. */
export const marginMs = 2_000;

/**
 * A real host with the adapter, one route per fault (`/hang` → the fault upstream's `/hang`), and handles on
 * both servers' connection counts, for the leak checks.
 */
export interface FaultRig {
  readonly url: string;
  readonly host: StartedHost;
  readonly upstream: FaultUpstream;
  /** Lines the dev server's logger printed (the last 500: storms print thousands of access-log lines). */
  readonly lines: string[];
  devConnections(): Promise<number>;
  close(): Promise<void>;
}

export async function startFaultRig(
  harness: HostHarness,
  options: { extraRoutes?: Record<string, string | RouteOptions> } = {},
): Promise<FaultRig> {
  const upstream = await startFaultUpstream({ keepAliveTimeoutMs: 2_000 });
  const routes: Record<string, RouteOptions> = {};
  for (const fault of [...httpFaults, ...webSocketFaults] as Fault[]) {
    routes[`/${fault}`] = {
      target: upstream.targets[fault],
      timeoutMs: routeTimeoutMs,
      ws: fault.startsWith('ws-'),
    };
  }
  // The closed port again, as a WebSocket route: the handshake itself must fail cleanly.
  routes['/ws-refused'] = { target: upstream.targets.refuse, timeoutMs: routeTimeoutMs, ws: true };
  // The access log stays on: its per-request bookkeeping (status, 'aborted') is part of what is tested. No
  // file watcher: nothing here edits files, and its descriptors would only blur the leak counts.
  const host = await outsideStorms(() =>
    startHost(
      harness,
      { routes: { ...routes, ...options.extraRoutes } },
      { watchFiles: false, keepLines: 500 },
    ),
  );
  return {
    url: host.url,
    host,
    upstream,
    lines: host.lines,
    devConnections: () =>
      new Promise((resolve, reject) =>
        host.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    async close() {
      await host.close();
      await upstream.close();
    },
  };
}

/** How one client request ended. */
export type Outcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: http.IncomingHttpHeaders;
      readonly body: string;
      readonly ms: number;
    }
  /** The status line and headers arrived, then the body was cut: what the browser shows as a network error. */
  | { readonly kind: 'aborted-after-headers'; readonly status: number; readonly ms: number }
  /** The connection closed before any response. */
  | { readonly kind: 'aborted'; readonly error: string; readonly ms: number };

/**
 * One GET through the dev server, as a browser's fetch would send it (`Accept: application/json` by default).
 * Never rejects: every way a request can end is an Outcome, so a storm can count them.
 */
export function send(
  baseUrl: string,
  path: string,
  options: { agent?: http.Agent; accept?: string; signal?: AbortSignal } = {},
): Promise<Outcome> {
  const startedAt = performance.now();
  const ms = () => Math.round(performance.now() - startedAt);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = http.get(
      `${baseUrl}${path}`,
      {
        agent: options.agent ?? false,
        headers: { accept: options.accept ?? 'application/json' },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          settle({
            kind: 'response',
            status,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: ms(),
          }),
        );
        response.on('error', () => settle({ kind: 'aborted-after-headers', status, ms: ms() }));
        response.on('close', () => {
          if (!response.complete) settle({ kind: 'aborted-after-headers', status, ms: ms() });
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      settle({ kind: 'aborted', error: error.code ?? error.message, ms: ms() }),
    );
  });
}

/**
 * Collects uncaught exceptions and unhandled rejections (`errors`: the suite fails on any) and process warnings
 * (`warnings`, e.g. Node's MaxListenersExceededWarning) while installed.
 */
export interface CrashWatch {
  readonly errors: unknown[];
  readonly warnings: Error[];
  dispose(): void;
}

export function watchForCrashes(): CrashWatch {
  const errors: unknown[] = [];
  const warnings: Error[] = [];
  const onError = (error: unknown) => {
    errors.push(error);
  };
  const onWarning = (warning: Error) => {
    warnings.push(warning);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.on('warning', onWarning);
  return {
    errors,
    warnings,
    dispose() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      process.off('warning', onWarning);
    },
  };
}

/** Open file descriptors of this process (the dev server, the upstream and the clients all live here). */
export async function openFileDescriptors(): Promise<number> {
  return (await fs.readdir('/proc/self/fd')).length;
}
