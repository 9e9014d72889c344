/**
 * What workloads share: the context the runner hands them, starting and stopping the systems under test
 * around a workload, and the round-robin keep-alive load comparison (JSON, POST, audit).
 *
 * @typedef {import('./systems/index.mjs').SystemDescriptor} SystemDescriptor
 * @typedef {import('./launch.mjs').RunningSystem} RunningSystem
 * @typedef {import('./profiles.mjs').Profile} Profile
 * @typedef {{
 *   profile: Profile,
 *   upstreamUrl: string,
 *   root: string,
 *   progress(message: string): void,
 *   broken(message: string): void,
 *   systemsFor(descriptors: readonly SystemDescriptor[]): SystemDescriptor[],
 *   execArgvFor(workloadId: string, descriptor: SystemDescriptor): string[],
 * }} BenchContext
 * @typedef {{ key: string, label: string, format?: (value: any) => string }} Column
 * @typedef {{ id: string, label: string, values: Record<string, unknown>, note?: string }} Row
 * @typedef {{ label: string, value: number, unit: '×' | 'ms' | 'µs' | '%' }} Comparison
 * @typedef {{ id: string, title: string, method: string, columns: Column[], rows: Row[],
 *   comparisons: Comparison[], loadAverage?: string }} WorkloadResult
 * @typedef {{ id: string, title: string, run(context: BenchContext): Promise<WorkloadResult> }} Workload
 */

import { readCpuSeconds } from './cpu-time.mjs';
import { describeLoadFailure, runHttpLoad } from './http-load.mjs';
import { launchSystem } from './launch.mjs';
import { maximum, median, minimum, ratio } from './stats.mjs';

/**
 * Starts each system this run selects from `wanted` (one process each, one after the other), runs `body` with
 * those that started and the selected list (the table's rows, in order), and stops them all. A system that is
 * not installed gets its reason as a row note; one that fails to start or to proxy is reported as broken.
 * @template T
 * @param {BenchContext} context
 * @param {string} workloadId
 * @param {readonly SystemDescriptor[]} wanted
 * @param {(running: RunningSystem[], notes: Map<string, string>, descriptors: SystemDescriptor[]) => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function withSystems(context, workloadId, wanted, body) {
  const descriptors = context.systemsFor(wanted);
  /** @type {RunningSystem[]} */
  const running = [];
  /** @type {Map<string, string>} */
  const notes = new Map();
  try {
    for (const descriptor of descriptors) {
      const unavailable = descriptor.unavailableReason?.() ?? leftOutReason(context, workloadId, descriptor);
      if (unavailable) {
        notes.set(descriptor.id, unavailable);
        continue;
      }
      try {
        running.push(
          await launchSystem(descriptor, {
            upstreamUrl: context.upstreamUrl,
            root: context.root,
            execArgv: context.execArgvFor(workloadId, descriptor),
          }),
        );
      } catch (error) {
        notes.set(descriptor.id, 'BROKEN: did not start or proxy');
        context.broken(`${workloadId}: ${/** @type {Error} */ (error).message}`);
      }
    }
    return await body(running, notes, descriptors);
  } finally {
    await Promise.all(running.map((system) => system.stop()));
  }
}

/**
 * Why this run leaves a system out of a workload, or undefined: a system whose every start is an app build
 * (`startsSlowly`) runs only in the profile's `slowStartWorkloads` (the smoke run: one workload).
 * @param {BenchContext} context
 * @param {string} workloadId
 * @param {SystemDescriptor} descriptor
 */
export function leftOutReason(context, workloadId, descriptor) {
  const only = context.profile.slowStartWorkloads;
  if (!descriptor.startsSlowly || !only || only.includes(workloadId)) return undefined;
  return `not in the ${context.profile.name} run (${descriptor.startsSlowly}; ${only.join(', ')} only)`;
}

/**
 * Keep-alive load on each system: a warm-up run, then `rounds` rounds in round-robin order (so drift on a
 * shared machine spreads over every system), medians reported.
 * @param {BenchContext} context
 * @param {string} workloadId
 * @param {readonly SystemDescriptor[]} descriptors
 * @param {{ path: string, method?: string, body?: Buffer, headers?: Record<string, string>,
 *   expectBody: string, rounds: number, before?: (running: RunningSystem[]) => Promise<void>,
 *   after?: (running: RunningSystem[]) => Promise<void> }} request
 * @returns {Promise<Row[]>}
 */
export function compareUnderLoad(context, workloadId, descriptors, request) {
  const { connections, warmupS, roundS } = context.profile.load;
  return withSystems(context, workloadId, descriptors, async (running, notes, selected) => {
    /** @type {Map<string, (import('./http-load.mjs').LoadResult & { cpuUsPerRequest: number })[]>} */
    const results = new Map(running.map((system) => [system.descriptor.id, []]));
    /** @type {Set<string>} */
    const failed = new Set();
    const load = (/** @type {RunningSystem} */ system, /** @type {number} */ durationS) =>
      runHttpLoad({
        url: `${system.url}${request.path}`,
        connections,
        durationS,
        method: request.method,
        body: request.body,
        headers: request.headers,
        expectBody: request.expectBody,
      });
    await request.before?.(running);
    for (const system of running) {
      context.progress(`${workloadId}: warm-up ${system.descriptor.label} (${warmupS} s)`);
      await load(system, warmupS);
    }
    for (let round = 1; round <= request.rounds; round++) {
      for (const system of running) {
        if (failed.has(system.descriptor.id)) continue;
        const cpuBefore = system.pid === undefined ? undefined : readCpuSeconds(system.pid);
        const result = await load(system, roundS);
        const cpuAfter = system.pid === undefined ? undefined : readCpuSeconds(system.pid);
        const cpuUsPerRequest =
          cpuBefore === undefined || cpuAfter === undefined || result.requests === 0
            ? Number.NaN
            : ((cpuAfter - cpuBefore) * 1e6) / result.requests;
        const failure = describeLoadFailure(result);
        if (failure) {
          failed.add(system.descriptor.id);
          context.broken(`${workloadId}: ${system.descriptor.label}: ${failure}`);
        }
        results.get(system.descriptor.id)?.push({ ...result, cpuUsPerRequest });
        context.progress(
          `${workloadId}: round ${round}/${request.rounds} ${system.descriptor.label}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms${Number.isFinite(cpuUsPerRequest) ? `, ${Math.round(cpuUsPerRequest)} µs CPU/req` : ''}`,
        );
      }
    }
    await request.after?.(running);
    return selected.map((descriptor) => {
      const runs = results.get(descriptor.id);
      if (!runs || runs.length === 0) {
        return { id: descriptor.id, label: descriptor.label, values: {}, note: notes.get(descriptor.id) };
      }
      const rps = runs.map((run) => run.rps);
      return {
        id: descriptor.id,
        label: descriptor.label,
        values: {
          rps: median(rps),
          rpsRange: [minimum(rps), maximum(rps)],
          p50: median(runs.map((run) => run.p50)),
          p99: median(runs.map((run) => run.p99)),
          cpuUsPerRequest: median(runs.map((run) => run.cpuUsPerRequest)),
          rounds: runs,
        },
        ...(failed.has(descriptor.id)
          ? { note: 'BROKEN: errors under load' }
          : running.find((system) => system.descriptor.id === descriptor.id)?.closesConnection
            ? { note: 'closes every connection: a new one per request' }
            : {}),
      };
    });
  });
}

/** The columns of a keep-alive load table. @type {Column[]} */
export const loadColumns = [
  { key: 'rps', label: 'req/s (median)', format: formatInteger },
  { key: 'rpsRange', label: 'req/s min–max', format: (range) => range.map(formatInteger).join('–') },
  { key: 'p50', label: 'p50 ms', format: formatMs },
  { key: 'p99', label: 'p99 ms', format: formatMs },
  { key: 'cpuUsPerRequest', label: 'proxy CPU µs/req', format: formatInteger },
];

/**
 * `a / b` of one value of two rows, as a comparison line.
 * @param {Row[]} rows
 * @param {string} key
 * @param {string} numeratorId
 * @param {string} denominatorId
 * @returns {Comparison}
 */
export function rowRatio(rows, key, numeratorId, denominatorId) {
  const numerator = rows.find((row) => row.id === numeratorId);
  const denominator = rows.find((row) => row.id === denominatorId);
  return {
    label: `${numerator?.label ?? numeratorId} / ${denominator?.label ?? denominatorId}`,
    value: ratio(
      /** @type {number | undefined} */ (numerator?.values[key]),
      /** @type {number | undefined} */ (denominator?.values[key]),
    ),
    unit: '×',
  };
}

/**
 * cors-dev-proxy against the `--baseline` build (an earlier commit in the same run), one ratio per measure:
 * none when the run has no baseline row.
 * @param {Row[]} rows
 * @param {Record<string, string>} measures row value key → what it measures ("upload MiB/s")
 * @returns {Comparison[]}
 */
export function baselineRatios(rows, measures) {
  const baseline = rows.find((row) => row.id === 'cdp-baseline');
  if (!baseline) return [];
  return Object.entries(measures).map(([key, measure]) => ({
    ...rowRatio(rows, key, 'cdp', 'cdp-baseline'),
    label: `${measure}, cors-dev-proxy / ${baseline.label}`,
  }));
}

/** @param {number} value */
export function formatInteger(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

/** @param {number} value */
export function formatMs(value) {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}
