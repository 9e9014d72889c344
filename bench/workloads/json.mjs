/** Workload 1: small JSON GET on keep-alive connections — the request a page makes most. */
import { jsonBody } from '../constants.mjs';
import { comparedSystems, systems } from '../systems/index.mjs';
import { baselineRatios, compareUnderLoad, loadColumns, rowRatio } from '../workload-kit.mjs';

/** @type {import('../workload-kit.mjs').Workload} */
export const jsonWorkload = {
  id: 'json',
  title: 'Small JSON GET, keep-alive',
  async run(context) {
    const { connections, warmupS, roundS, rounds } = context.profile.load;
    // The minimal undici proxy beside the minimal http.request one (issue 16): the practical limit today.
    const [direct, minimal, ...rest] = comparedSystems;
    const descriptors = [direct, minimal, systems.minimalUndiciProxy, ...rest, systems.corsDevProxyNoLog];
    const rows = await compareUnderLoad(context, 'json', descriptors, {
      path: '/api/json',
      expectBody: jsonBody,
      rounds,
    });
    return {
      id: 'json',
      title: this.title,
      method: `autocannon, ${connections} connections, GET /api/json (${Buffer.byteLength(jsonBody)} B), warm-up ${warmupS} s, ${rounds} × ${roundS} s rounds round-robin; every body checked`,
      columns: loadColumns,
      rows,
      comparisons: [
        rowRatio(rows, 'rps', 'cdp', 'vite'),
        rowRatio(rows, 'rps', 'cdp', 'minimal'),
        rowRatio(rows, 'rps', 'cdp', 'minimal-undici'),
        rowRatio(rows, 'rps', 'cdp', 'direct'),
        ...baselineRatios(rows, { rps: 'throughput', cpuUsPerRequest: 'CPU per request' }),
        rowRatio(rows, 'rps', 'cdp-nolog', 'cdp'),
        // The ceiling for the first target: no proxy does better than the minimal one.
        rowRatio(rows, 'rps', 'minimal', 'vite'),
        rowRatio(rows, 'rps', 'minimal', 'direct'),
        rowRatio(rows, 'rps', 'minimal-undici', 'minimal'),
        rowRatio(rows, 'rps', 'vite', 'direct'),
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp', 'minimal'),
          label: 'CPU per request, cors-dev-proxy / minimal keep-alive proxy',
        },
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp', 'minimal-undici'),
          label: 'CPU per request, cors-dev-proxy / minimal undici proxy',
        },
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp', 'vite'),
          label: 'CPU per request, cors-dev-proxy / Vite server.proxy',
        },
        // webpack-dev-server 6: cors-dev-proxy in it beside wds's own proxy and the minimal one.
        rowRatio(rows, 'rps', 'cdp-wds', 'wds'),
        rowRatio(rows, 'rps', 'cdp-wds', 'minimal'),
        rowRatio(rows, 'rps', 'cdp-wds', 'cdp'),
        rowRatio(rows, 'rps', 'wds', 'minimal'),
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp-wds', 'minimal'),
          label: 'CPU per request, cors-dev-proxy (wds 6) / minimal keep-alive proxy',
        },
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp-wds', 'wds'),
          label: 'CPU per request, cors-dev-proxy (wds 6) / webpack-dev-server proxy',
        },
        // Angular 22: cors-dev-proxy's builder in ng serve beside Angular's own proxyConfig and the minimal one.
        rowRatio(rows, 'rps', 'cdp-ng', 'ng'),
        rowRatio(rows, 'rps', 'cdp-ng', 'minimal'),
        rowRatio(rows, 'rps', 'cdp-ng', 'cdp'),
        rowRatio(rows, 'rps', 'ng', 'minimal'),
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp-ng', 'minimal'),
          label: 'CPU per request, cors-dev-proxy (Angular 22) / minimal keep-alive proxy',
        },
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp-ng', 'ng'),
          label: 'CPU per request, cors-dev-proxy (Angular 22) / Angular proxyConfig',
        },
      ],
    };
  },
};
