/**
 * Workload 7: dev-server start-up, each start in a fresh process: time from Vite's createServer() to
 * listening, without a proxy, with cors-dev-proxy (routes only), and with Vite's own server.proxy. Starts
 * alternate between variants; one discarded start first warms the disk cache. The plugin's module import is
 * timed separately (it happens when vite.config is loaded, before createServer).
 */
import { launchSystem } from '../launch.mjs';
import { maximum, median, minimum } from '../stats.mjs';
import { systems } from '../systems/index.mjs';
import { formatMs } from '../workload-kit.mjs';

/** @type {import('../workload-kit.mjs').Workload} */
export const startupWorkload = {
  id: 'startup',
  title: 'Dev-server start-up',
  async run(context) {
    const { starts } = context.profile.startup;
    const variants = [systems.viteBare, systems.corsDevProxy, systems.viteProxy];
    /** @type {Map<string, { startupMs: number[], importMs: number[] }>} */
    const results = new Map(variants.map((variant) => [variant.id, { startupMs: [], importMs: [] }]));
    /** @type {Set<string>} */
    const failed = new Set();
    const startOnce = async (/** @type {import('../systems/index.mjs').SystemDescriptor} */ variant) => {
      const running = await launchSystem(variant, {
        upstreamUrl: context.upstreamUrl,
        root: context.root,
        // A proxying variant must proxy; the bare server has no /api.
        check: variant.id !== 'vite-bare',
      });
      await running.stop();
      return running.ready;
    };
    try {
      await startOnce(systems.viteBare);
    } catch (error) {
      context.broken(`startup: ${/** @type {Error} */ (error).message}`);
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
    const rows = variants.map((variant) => {
      const result = /** @type {{ startupMs: number[], importMs: number[] }} */ (results.get(variant.id));
      if (failed.has(variant.id) || result.startupMs.length === 0) {
        return { id: variant.id, label: variant.label, values: {}, note: 'BROKEN: did not start' };
      }
      return {
        id: variant.id,
        label:
          variant.id === 'cdp'
            ? 'Vite + cors-dev-proxy'
            : variant.id === 'vite'
              ? 'Vite + server.proxy'
              : variant.label,
        values: {
          startupMs: median(result.startupMs),
          startupRange: [minimum(result.startupMs), maximum(result.startupMs)],
          importMs: median(result.importMs),
          samples: result,
        },
      };
    });
    const added = (/** @type {string} */ id) => {
      const row = rows.find((r) => r.id === id);
      const bare = rows.find((r) => r.id === 'vite-bare');
      return {
        label: `start-up added by ${row?.label.replace('Vite + ', '') ?? id} (median − median)`,
        value: /** @type {number} */ (row?.values.startupMs) - /** @type {number} */ (bare?.values.startupMs),
        unit: /** @type {const} */ ('ms'),
      };
    };
    return {
      id: 'startup',
      title: this.title,
      method: `${starts} starts per variant, each in a fresh process, alternating, after one discarded start; createServer() → listening (Vite 8, a one-file project)`,
      columns: [
        { key: 'startupMs', label: 'createServer → listening ms (median)', format: formatMs },
        { key: 'startupRange', label: 'min–max ms', format: (range) => range.map(formatMs).join('–') },
        { key: 'importMs', label: 'plugin import ms (median)', format: formatMs },
      ],
      rows,
      comparisons: [added('cdp'), added('vite')],
    };
  },
};
