/**
 * Workload 6: what the production audit costs on the small JSON workload — cors-dev-proxy with and without
 * `production` (its target is the same upstream, which answers the audit's probes at once).
 */
import { jsonBody } from '../constants.mjs';
import { median } from '../stats.mjs';
import { systems } from '../systems/index.mjs';
import { compareUnderLoad, loadColumns, rowRatio } from '../workload-kit.mjs';

/** @type {import('../workload-kit.mjs').Workload} */
export const auditWorkload = {
  id: 'audit',
  title: 'Production audit on vs off, small JSON GET',
  async run(context) {
    const { connections, warmupS, roundS, auditRounds } = context.profile.load;
    const rows = await compareUnderLoad(context, 'audit', [systems.corsDevProxy, systems.corsDevProxyAudit], {
      path: '/api/json',
      expectBody: jsonBody,
      rounds: auditRounds,
      // The audit must really have been on: it judged the shape the load sent.
      async after(running) {
        const audited = running.find((system) => system.descriptor.id === 'cdp-audit');
        if (!audited) return;
        const report = await (await fetch(`${audited.url}/__cors-dev-proxy/audit`)).json();
        const shape = report.shapes?.find((/** @type {any} */ s) => s.path === '/api/json');
        if (!report.enabled || !shape) {
          context.broken(
            `audit: the audit-on dev server did not record GET /api/json: ${JSON.stringify(report)}`,
          );
        } else {
          context.progress(`audit: shape ${shape.key} judged, allowed: ${shape.allowed}`);
        }
      },
    });
    // Each round runs off then on back to back: the ratio within a round cancels the machine's slow drift,
    // which on a shared machine is larger than the 3 % being judged. The verdict uses their median.
    const roundsOf = (/** @type {string} */ id) =>
      /** @type {{ rps: number, cpuUsPerRequest: number }[]} */ (
        rows.find((row) => row.id === id)?.values.rounds ?? []
      );
    const off = roundsOf('cdp');
    const on = roundsOf('cdp-audit');
    const pairs = on.map((round, index) => ({
      rps: round.rps / (off[index]?.rps ?? Number.NaN),
      cpu: round.cpuUsPerRequest / (off[index]?.cpuUsPerRequest ?? Number.NaN),
    }));
    const auditRow = rows.find((row) => row.id === 'cdp-audit');
    if (auditRow && pairs.length > 0) {
      auditRow.values.pairedRpsRatio = median(pairs.map((pair) => pair.rps));
      auditRow.values.pairedCpuRatio = median(pairs.map((pair) => pair.cpu));
    }
    const pairedComparisons =
      pairs.length > 0
        ? [
            {
              label: 'audit on / off, throughput, median of the per-round pairs',
              value: median(pairs.map((pair) => pair.rps)),
              unit: '×',
            },
            {
              label: 'audit on / off, CPU per request, median of the per-round pairs',
              value: median(pairs.map((pair) => pair.cpu)),
              unit: '×',
            },
          ]
        : [];
    return {
      id: 'audit',
      title: this.title,
      method: `as the JSON workload (${connections} connections, warm-up ${warmupS} s), ${auditRounds} × ${roundS} s rounds, off then on in each; audit on = production: { origin: 'https://app.example.com', targets: { '/api': <upstream> } }`,
      columns: loadColumns,
      rows,
      comparisons: [
        rowRatio(rows, 'rps', 'cdp-audit', 'cdp'),
        {
          ...rowRatio(rows, 'cpuUsPerRequest', 'cdp-audit', 'cdp'),
          label: 'CPU per request, audit on / off',
        },
        ...pairedComparisons,
      ],
    };
  },
};
