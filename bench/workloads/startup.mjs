/**
 * Workload 7: dev-server start-up, each start in a fresh process: time from Vite's createServer() to
 * listening, without a proxy, with cors-dev-proxy (routes only), and with Vite's own server.proxy; the same
 * for webpack-dev-server 6 (webpack() → listening) and Angular 22's ng serve (angular.json read → first build done
 * and listening: the app's build is part of every ng serve start). Starts alternate between variants; one discarded start of
 * each host first warms the disk cache. The plugin's module import is timed separately (it happens when the
 * config file is loaded, before the dev server is created).
 */
import { launchSystem } from '../launch.mjs';
import { maximum, median, minimum } from '../stats.mjs';
import { systems } from '../systems/index.mjs';
import { formatMs, leftOutReason } from '../workload-kit.mjs';

/** @type {import('../workload-kit.mjs').Workload} */
export const startupWorkload = {
  id: 'startup',
  title: 'Dev-server start-up',
  async run(context) {
    const { starts } = context.profile.startup;
    const hosts = [
      // With `--baseline`, the baseline build is one more Vite variant, after cdp (system-selection.mjs).
      { bare: systems.viteBare, variants: [systems.corsDevProxy, systems.viteProxy] },
      { bare: systems.webpackBare, variants: [systems.corsDevProxyWds, systems.webpackDevServerProxy] },
      { bare: systems.angularBare, variants: [systems.corsDevProxyAngular, systems.angularProxyConfig] },
    ];
    // A host whose variants `--systems` leaves out is not started at all (its bare server included).
    const everyVariant = hosts.flatMap((host) => {
      const variants = context.systemsFor(host.variants);
      return variants.length > 0 ? [host.bare, ...variants] : [];
    });
    /** @type {Map<string, string>} */
    const unavailable = new Map();
    for (const variant of everyVariant) {
      const reason = variant.unavailableReason?.() ?? leftOutReason(context, 'startup', variant);
      if (reason) unavailable.set(variant.id, reason);
    }
    const variants = everyVariant.filter((variant) => !unavailable.has(variant.id));
    /** @type {Map<string, { startupMs: number[], importMs: number[] }>} */
    const results = new Map(variants.map((variant) => [variant.id, { startupMs: [], importMs: [] }]));
    /** @type {Set<string>} */
    const failed = new Set();
    const startOnce = async (/** @type {import('../systems/index.mjs').SystemDescriptor} */ variant) => {
      const running = await launchSystem(variant, {
        upstreamUrl: context.upstreamUrl,
        root: context.root,
        // A proxying variant must proxy; a bare server has no /api.
        check: !hosts.some((host) => host.bare === variant),
      });
      await running.stop();
      return running.ready;
    };
    for (const { bare } of hosts) {
      if (unavailable.has(bare.id) || !everyVariant.includes(bare)) continue;
      try {
        await startOnce(bare);
      } catch (error) {
        context.broken(`startup: ${/** @type {Error} */ (error).message}`);
      }
    }
    for (let start = 1; start <= starts; start++) {
      for (const variant of variants) {
        if (failed.has(variant.id)) continue;
        try {
          const ready = await startOnce(variant);
          const result = /** @type {{ startupMs: number[], importMs: number[] }} */ (results.get(variant.id));
          result.startupMs.push(ready?.startupMs ?? Number.NaN);
          if (ready?.importMs !== undefined) result.importMs.push(ready.importMs);
        } catch (error) {
          failed.add(variant.id);
          context.broken(`startup: ${/** @type {Error} */ (error).message}`);
        }
      }
      context.progress(`startup: ${start}/${starts} starts per variant`);
    }
    const labels = new Map([
      ['cdp', 'Vite + cors-dev-proxy'],
      ['vite', 'Vite + server.proxy'],
      ['cdp-wds', 'wds 6 + cors-dev-proxy'],
      ['wds', 'wds 6 + its proxy'],
      ['cdp-ng', 'ng serve + cors-dev-proxy'],
      ['ng', 'ng serve + proxyConfig'],
    ]);
    const rows = everyVariant.map((variant) => {
      if (unavailable.has(variant.id)) {
        return { id: variant.id, label: variant.label, values: {}, note: unavailable.get(variant.id) };
      }
      const result = /** @type {{ startupMs: number[], importMs: number[] }} */ (results.get(variant.id));
      if (failed.has(variant.id) || result.startupMs.length === 0) {
        return { id: variant.id, label: variant.label, values: {}, note: 'BROKEN: did not start' };
      }
      return {
        id: variant.id,
        label: labels.get(variant.id) ?? variant.label,
        values: {
          startupMs: median(result.startupMs),
          startupRange: [minimum(result.startupMs), maximum(result.startupMs)],
          importMs: median(result.importMs),
          samples: result,
        },
      };
    });
    const added = (/** @type {string} */ id, /** @type {string} */ bareId) => {
      const row = rows.find((r) => r.id === id);
      const bare = rows.find((r) => r.id === bareId);
      return {
        label: `start-up added by ${row?.label ?? id} (median − median)`,
        value: /** @type {number} */ (row?.values.startupMs) - /** @type {number} */ (bare?.values.startupMs),
        unit: /** @type {const} */ ('ms'),
      };
    };
    return {
      id: 'startup',
      title: this.title,
      method: `${starts} starts per variant, each in a fresh process, alternating, after one discarded start per host; createServer() → listening (Vite 8, a one-file project); webpack() → wds.start() resolved (webpack-dev-server 6, a one-file bundle, its defaults); angular.json read → ng serve's first output (Angular 22, a one-component app: its build included)`,
      columns: [
        { key: 'startupMs', label: 'createServer → listening ms (median)', format: formatMs },
        { key: 'startupRange', label: 'min–max ms', format: (range) => range.map(formatMs).join('–') },
        { key: 'importMs', label: 'plugin import ms (median)', format: formatMs },
      ],
      rows,
      comparisons: [
        added('cdp', 'vite-bare'),
        ...(rows.some((row) => row.id === 'cdp-baseline') ? [added('cdp-baseline', 'vite-bare')] : []),
        added('vite', 'vite-bare'),
        added('cdp-wds', 'wds-bare'),
        added('wds', 'wds-bare'),
        added('cdp-ng', 'ng-bare'),
        added('ng', 'ng-bare'),
      ],
    };
  },
};
