/**
 * cors-dev-proxy as users run it: the BUILT `@cors-dev-proxy/vite` (packages/vite-plugin/dist) in a Vite 8 dev
 * server, default options unless a variant says otherwise (access log on, written through Vite's logger).
 */
import { pathToFileURL } from 'node:url';
import { productionOrigin } from '../constants.mjs';
import { builtPluginEntry, importPackage } from '../resolve-package.mjs';
import { startViteDevServer } from './vite-host.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxy = {
  id: 'cdp',
  label: 'cors-dev-proxy',
  file: 'cors-dev-proxy.mjs',
  proxiesWebSockets: true,
};

/** The same, with `accessLog: false`: shows what the one-line-per-request log costs. */
/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyNoLog = {
  ...corsDevProxy,
  id: 'cdp-nolog',
  label: 'cors-dev-proxy, accessLog off',
  config: { accessLog: false },
};

/** With the production audit on: the production API is the same upstream. */
/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyAudit = {
  ...corsDevProxy,
  id: 'cdp-audit',
  label: 'cors-dev-proxy, audit on',
  config: { audit: true },
};

/**
 * With the dashboard's page open: the runner connects to its event stream for the whole load, as an open
 * dashboard tab does (workloads/dashboard.mjs). The dev server is the same as `cdp`'s.
 * @type {import('./index.mjs').SystemDescriptor}
 */
export const corsDevProxyDashboardOpen = {
  ...corsDevProxy,
  id: 'cdp-dash-open',
  label: 'cors-dev-proxy, dashboard page open',
};

/** With `dashboard: false`: nothing recorded, what the ring costs with no page open. */
/** @type {import('./index.mjs').SystemDescriptor} */
export const corsDevProxyNoDashboard = {
  ...corsDevProxy,
  id: 'cdp-nodash',
  label: 'cors-dev-proxy, dashboard: false',
  config: { dashboard: false },
};

/**
 * The same in the same Vite 8, with the plugin built from another checkout (`--baseline=<checkout>`): an
 * earlier commit measured side by side with this one, so "no worse than before" is read from one run on one
 * machine state instead of from two days' numbers.
 * @param {{ pluginEntry: string, commit: string }} baseline
 * @returns {import('./index.mjs').SystemDescriptor}
 */
export function corsDevProxyBaseline({ pluginEntry, commit }) {
  return {
    ...corsDevProxy,
    id: 'cdp-baseline',
    label: `cors-dev-proxy at ${commit} (baseline)`,
    config: { pluginEntry },
  };
}

/**
 * @param {{ upstreamUrl: string, root: string, audit?: boolean, accessLog?: boolean, dashboard?: boolean,
 *   pluginEntry?: string }} config
 */
export async function start({
  upstreamUrl,
  root,
  audit = false,
  accessLog,
  dashboard,
  pluginEntry = builtPluginEntry,
}) {
  // Vite first, so the time below is the plugin's own import (Vite is loaded in every variant anyway).
  await importPackage('vite');
  const importStartedAt = performance.now();
  const { corsDevProxy: plugin } = await import(pathToFileURL(pluginEntry).href);
  const importMs = performance.now() - importStartedAt;
  const options = {
    routes: { '/api': { target: upstreamUrl, ws: true } },
    ...(accessLog === undefined ? {} : { accessLog }),
    ...(dashboard === undefined ? {} : { dashboard }),
    ...(audit ? { production: { origin: productionOrigin, targets: { '/api': upstreamUrl } } } : {}),
  };
  const server = await startViteDevServer({ root, plugins: [plugin(options)] });
  return { ...server, importMs };
}
