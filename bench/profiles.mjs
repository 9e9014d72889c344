/**
 * The two run sizes. `full` is what BENCHMARKS.md reports and the targets are judged on; `smoke` runs every
 * workload briefly to prove nothing is broken (CI), and never judges timings.
 *
 * @typedef {{
 *   name: 'full' | 'smoke',
 *   judgeTargets: boolean,
 *   load: { connections: number, warmupS: number, roundS: number, rounds: number, auditRounds: number },
 *   postBodyBytes: number,
 *   stream: { bytes: number, rounds: number, rssIntervalMs: number, timeoutMs: number },
 *   sse: { streams: number, events: number, firstEventTimeoutMs: number },
 *   ws: { sockets: number, rounds: number, timeoutMs: number },
 *   startup: { starts: number },
 *   slowStartWorkloads?: readonly string[],
 * }} Profile
 * `slowStartWorkloads`: the workloads that run the systems whose every start is a whole app build
 * (`startsSlowly`: `ng serve`); absent = every workload.
 */

const MiB = 1024 * 1024;

/** @type {Profile} */
export const fullProfile = {
  name: 'full',
  judgeTargets: true,
  load: { connections: 20, warmupS: 2, roundS: 5, rounds: 3, auditRounds: 9 },
  postBodyBytes: 64 * 1024,
  stream: { bytes: 1024 * MiB, rounds: 3, rssIntervalMs: 50, timeoutMs: 300_000 },
  sse: { streams: 20, events: 10, firstEventTimeoutMs: 10_000 },
  ws: { sockets: 1000, rounds: 3, timeoutMs: 60_000 },
  startup: { starts: 7 },
};

/** @type {Profile} */
export const smokeProfile = {
  name: 'smoke',
  judgeTargets: false,
  load: { connections: 20, warmupS: 0.5, roundS: 0.5, rounds: 1, auditRounds: 1 },
  postBodyBytes: 64 * 1024,
  stream: { bytes: 16 * MiB, rounds: 1, rssIntervalMs: 50, timeoutMs: 60_000 },
  sse: { streams: 3, events: 4, firstEventTimeoutMs: 10_000 },
  ws: { sockets: 50, rounds: 1, timeoutMs: 30_000 },
  startup: { starts: 1 },
  // Each ng serve start costs seconds of CPU (the app's build, Angular prebundled): one workload proves the
  // Angular systems start and proxy without adding that to every workload of the smoke run.
  slowStartWorkloads: ['json'],
};
