/**
 * Workload 7: what the dashboard costs on the small JSON workload — its page closed (the default: each request
 * recorded in the ring, nothing else), its page open (the runner holds the dashboard's event stream, as an open
 * tab does, and reads every batch), and `dashboard: false`. The target: ≤ 5 % slower with it open.
 */
import { jsonBody } from '../constants.mjs';
import { median } from '../stats.mjs';
import { systems } from '../systems/index.mjs';
import { compareUnderLoad, loadColumns, rowRatio } from '../workload-kit.mjs';

/**
 * Reads the dashboard's event stream until aborted; counts batches and the requests they carried.
 * @param {string} url
 * @param {AbortSignal} signal
 */
async function watchDashboard(url, signal) {
  const seen = { batches: 0, requests: 0 };
  const response = await fetch(`${url}/__cors-dev-proxy/dashboard/events`, {
    signal,
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  if (!response.ok || !response.body)
    throw new Error(`the dashboard's event stream answered ${response.status}`);
  const done = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end !== -1) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (event.startsWith('event: batch') && data) {
            seen.batches++;
            seen.requests += JSON.parse(data.slice(6)).requests.length;
          }
          end = buffered.indexOf('\n\n');
        }
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  })();
  return { seen, done };
}

/** @type {import('../workload-kit.mjs').Workload} */
export const dashboardWorkload = {
  id: 'dashboard',
  title: 'Dashboard page open vs closed, small JSON GET',
  async run(context) {
    const { connections, warmupS, roundS, auditRounds } = context.profile.load;
    const abort = new AbortController();
    /** @type {{ seen: { batches: number, requests: number }, done: Promise<void> } | undefined} */
    let watcher;
    const rows = await compareUnderLoad(
      context,
      'dashboard',
      [systems.corsDevProxy, systems.corsDevProxyDashboardOpen, systems.corsDevProxyNoDashboard],
      {
        path: '/api/json',
        expectBody: jsonBody,
        rounds: auditRounds,
        async before(running) {
          const open = running.find((system) => system.descriptor.id === 'cdp-dash-open');
          if (open) watcher = await watchDashboard(open.url, abort.signal);
        },
        // The page must really have been open: it received the burst, batched.
        async after() {
          abort.abort();
          await watcher?.done;
          if (!watcher || watcher.seen.batches === 0) {
            context.broken('dashboard: the open dashboard received no batch during the load');
          } else {
            context.progress(
              `dashboard: the open page got ${watcher.seen.batches} batches carrying ${watcher.seen.requests} requests`,
            );
          }
        },
      },
    );
    // As the audit workload: the ratio within each round cancels the machine's slow drift.
    const roundsOf = (/** @type {string} */ id) =>
      /** @type {{ rps: number, cpuUsPerRequest: number }[]} */ (
        rows.find((row) => row.id === id)?.values.rounds ?? []
      );
    const closed = roundsOf('cdp');
    const pairsOf = (/** @type {string} */ id) =>
      roundsOf(id).map((round, index) => ({
        rps: round.rps / (closed[index]?.rps ?? Number.NaN),
        cpu: round.cpuUsPerRequest / (closed[index]?.cpuUsPerRequest ?? Number.NaN),
      }));
    const open = pairsOf('cdp-dash-open');
    const off = pairsOf('cdp-nodash');
    const openRow = rows.find((row) => row.id === 'cdp-dash-open');
    if (openRow && open.length > 0) openRow.values.pairedRpsRatio = median(open.map((pair) => pair.rps));
    const offRow = rows.find((row) => row.id === 'cdp-nodash');
    if (offRow && off.length > 0) offRow.values.pairedRpsRatio = median(off.map((pair) => pair.rps));
    return {
      id: 'dashboard',
      title: this.title,
      method: `as the JSON workload (${connections} connections, warm-up ${warmupS} s), ${auditRounds} × ${roundS} s rounds, closed / open / off in each; open = the dashboard's event stream held and read for the whole load`,
      columns: loadColumns,
      rows,
      comparisons: [
        ...(open.length > 0
          ? [
              {
                label: 'page open / closed, throughput, median of the per-round pairs',
                value: median(open.map((pair) => pair.rps)),
                unit: /** @type {const} */ ('×'),
              },
              {
                label: 'page open / closed, CPU per request, median of the per-round pairs',
                value: median(open.map((pair) => pair.cpu)),
                unit: /** @type {const} */ ('×'),
              },
            ]
          : []),
        ...(off.length > 0
          ? [
              {
                label: 'dashboard: false / page closed, throughput, median of the per-round pairs',
                value: median(off.map((pair) => pair.rps)),
                unit: /** @type {const} */ ('×'),
              },
            ]
          : []),
        rowRatio(rows, 'rps', 'cdp-dash-open', 'cdp'),
      ],
    };
  },
};
