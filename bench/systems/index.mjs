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
 *   buffersEventStreams?: string,
 *   startsSlowly?: string,
 * }} SystemDescriptor
 * `measuresProcess: false`: the child process is only a wrapper (CPU and RSS are not read from it).
 * `buffersEventStreams`: why this system is known to hold an event stream back (the SSE row then says so
 * instead of counting it as broken).
 * `startsSlowly`: why each start of this system costs seconds of CPU (a whole app build); the smoke profile
 * runs such systems in its `slowStartWorkloads` only.
 */
import { angularBare } from './angular-bare.mjs';
import { angularProxyConfig } from './angular-proxy-config.mjs';
import {
  corsDevProxy,
  corsDevProxyAudit,
  corsDevProxyDashboardOpen,
  corsDevProxyNoDashboard,
  corsDevProxyNoLog,
} from './cors-dev-proxy.mjs';
import { corsDevProxyAngular } from './cors-dev-proxy-angular.mjs';
import { corsDevProxyCore } from './cors-dev-proxy-core.mjs';
import { corsDevProxyWds, corsDevProxyWdsNoLog } from './cors-dev-proxy-wds.mjs';
import { direct } from './direct.mjs';
import { minimalInVite, minimalUndiciInVite } from './minimal-in-vite.mjs';
import { minimalInWds } from './minimal-in-wds.mjs';
import { minimalProxy } from './minimal-proxy.mjs';
import { minimalUndiciProxy } from './minimal-undici-proxy.mjs';
import { spliceRelay } from './splice-relay.mjs';
import { viteBare } from './vite-bare.mjs';
import { viteProxy } from './vite-proxy.mjs';
import { webpackBare } from './webpack-bare.mjs';
import { webpackDevServerProxy } from './webpack-dev-server.mjs';

export const systems = {
  direct,
  minimalProxy,
  minimalUndiciProxy,
  viteProxy,
  webpackDevServerProxy,
  corsDevProxy,
  corsDevProxyNoLog,
  corsDevProxyAudit,
  corsDevProxyDashboardOpen,
  corsDevProxyNoDashboard,
  corsDevProxyWds,
  corsDevProxyWdsNoLog,
  angularProxyConfig,
  corsDevProxyAngular,
  viteBare,
  webpackBare,
  angularBare,
  spliceRelay,
  // Diagnostics for the JSON cost breakdown.
  minimalInVite,
  minimalUndiciInVite,
  corsDevProxyCore,
  minimalInWds,
};

/**
 * The side-by-side comparison every proxy workload runs, in table order: each host's own proxy beside
 * cors-dev-proxy in that host (Vite 8, then webpack-dev-server 6, then Angular 22's `ng serve`).
 */
export const comparedSystems = [
  direct,
  minimalProxy,
  viteProxy,
  corsDevProxy,
  webpackDevServerProxy,
  corsDevProxyWds,
  angularProxyConfig,
  corsDevProxyAngular,
];

/**
 * The stream workload adds the copy-free C relay after direct (the ceiling for any proxy on this machine), the
 * minimal undici proxy after the minimal one (what undici itself costs a stream: its uploads are slower than
 * `http.request`'s, BENCHMARKS.md issue 16) and the minimal proxy inside each host (what the Vite or wds process
 * itself costs a stream, whatever the proxy).
 */
export const streamSystems = [
  direct,
  spliceRelay,
  minimalProxy,
  minimalUndiciProxy,
  ...comparedSystems.slice(2),
  minimalInVite,
  minimalInWds,
];
