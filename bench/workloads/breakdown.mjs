/**
 * Diagnostic workload: where cors-dev-proxy's CPU per small JSON request goes, step by step — the minimal
 * proxy, the same proxy inside Vite (what the dev server costs), cors-dev-proxy's core without Vite (what the
 * engine and the core cost), cors-dev-proxy in Vite without and with its access log. CPU time per request of
 * the proxy process is the measure here: it hardly moves when other work shares the machine.
 */
import { jsonBody } from '../constants.mjs';
import { systems } from '../systems/index.mjs';
import { compareUnderLoad, loadColumns } from '../workload-kit.mjs';

/** @type {import('../workload-kit.mjs').Workload} */
export const breakdownWorkload = {
  id: 'breakdown',
  title: 'Small JSON GET: where the CPU goes',
  async run(context) {
    const { connections, roundS, rounds } = context.profile.load;
    const descriptors = [
      systems.minimalProxy,
      systems.minimalInVite,
      systems.minimalUndiciProxy,
      systems.minimalUndiciInVite,
      systems.corsDevProxyCore,
      systems.corsDevProxyNoLog,
      systems.corsDevProxy,
      systems.minimalInWds,
      systems.corsDevProxyWdsNoLog,
      systems.corsDevProxyWds,
    ];
    const rows = await compareUnderLoad(context, 'breakdown', descriptors, {
      path: '/api/json',
      expectBody: jsonBody,
      rounds,
    });
    /** @param {string} label @param {string} from @param {string} to */
    const step = (label, from, to) => {
      const cpu = (/** @type {string} */ id) =>
        /** @type {number} */ (rows.find((row) => row.id === id)?.values.cpuUsPerRequest ?? Number.NaN);
      return { label, value: cpu(to) - cpu(from), unit: /** @type {const} */ ('µs') };
    };
    return {
      id: 'breakdown',
      title: this.title,
      method: `as the JSON workload (${connections} connections, ${rounds} × ${roundS} s rounds round-robin); CPU time of the proxy process per request from /proc/<pid>/stat`,
      columns: loadColumns,
      rows,
      comparisons: [
        step('Vite dev server around a proxy (minimal in Vite − minimal)', 'minimal', 'minimal-vite'),
        step('Vite around the minimal undici proxy', 'minimal-undici', 'minimal-undici-vite'),
        step('proxy engine + core (core on bare http − minimal)', 'minimal', 'cdp-core'),
        step('core over its engine (core on bare http − minimal undici)', 'minimal-undici', 'cdp-core'),
        step('Vite around cors-dev-proxy (in Vite, log off − core on bare http)', 'cdp-core', 'cdp-nolog'),
        step('access log through Vite’s logger (default − log off)', 'cdp-nolog', 'cdp'),
        step('total (cors-dev-proxy − minimal)', 'minimal', 'cdp'),
        step(
          'in Vite, over its engine (log off − minimal undici in Vite)',
          'minimal-undici-vite',
          'cdp-nolog',
        ),
        step('wds 6 around a proxy (minimal in wds − minimal)', 'minimal', 'minimal-wds'),
        step(
          'wds 6 around cors-dev-proxy (in wds, log off − core on bare http)',
          'cdp-core',
          'cdp-wds-nolog',
        ),
        step(
          'access log through webpack’s infrastructure logger (wds default − log off)',
          'cdp-wds-nolog',
          'cdp-wds',
        ),
        step('total in wds 6 (cors-dev-proxy (wds 6) − minimal)', 'minimal', 'cdp-wds'),
      ],
    };
  },
};
