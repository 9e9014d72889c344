/**
 * The systems under test. Each file holds its descriptor (read by the runner) and its `start()` (run in the
 * system's own child process by child.mjs).
 *
 * @typedef {{
 *   id: string,
 *   label: string,
 *   file?: string,
 *   direct?: boolean,
 *   config?: Record<string, unknown>,
 *   proxiesWebSockets: boolean,
 *   noWebSocketReason?: string,
 *   unavailableReason?: () => string | undefined,
 *   measuresProcess?: boolean,
 * }} SystemDescriptor
 * `measuresProcess: false`: the child process is only a wrapper (CPU and RSS are not read from it).
 */
import { corsDevProxy, corsDevProxyAudit, corsDevProxyNoLog } from './cors-dev-proxy.mjs';
import { corsDevProxyCore } from './cors-dev-proxy-core.mjs';
import { direct } from './direct.mjs';
import { minimalInVite } from './minimal-in-vite.mjs';
import { minimalProxy } from './minimal-proxy.mjs';
import { spliceRelay } from './splice-relay.mjs';
import { viteBare } from './vite-bare.mjs';
import { viteProxy } from './vite-proxy.mjs';
import { webpackDevServerProxy } from './webpack-dev-server.mjs';

export const systems = {
  direct,
  minimalProxy,
  viteProxy,
  webpackDevServerProxy,
  corsDevProxy,
  corsDevProxyNoLog,
  corsDevProxyAudit,
  viteBare,
  spliceRelay,
  // Diagnostics for the JSON cost breakdown.
  minimalInVite,
  corsDevProxyCore,
};

/** The side-by-side comparison every proxy workload runs, in table order. */
export const comparedSystems = [direct, minimalProxy, viteProxy, webpackDevServerProxy, corsDevProxy];

/**
 * The stream workload adds the copy-free C relay after direct (the ceiling for any proxy on this machine) and the
 * minimal proxy inside Vite (what the Vite process itself costs a stream, whatever the proxy).
 */
export const streamSystems = [direct, spliceRelay, ...comparedSystems.slice(1), minimalInVite];
