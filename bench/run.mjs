/**
 * `pnpm bench` / `pnpm bench:smoke`: cors-dev-proxy side by side with a direct connection, a minimal keep-alive
 * proxy, Vite's server.proxy, webpack-dev-server's proxy and Angular's proxyConfig in ng serve, against one
 * upstream, each in its own process on 127.0.0.1. The report (Markdown) goes to stdout, progress to stderr.
 *
 *   node bench/run.mjs [--smoke] [--only=json,breakdown,post,stream,sse,ws,audit,dashboard,startup]
 *     [--baseline=<checkout>] [--systems=<ids>] [--json=<file>] [--profile]
 *
 * Exit code 1 only when something is broken (a system does not start or proxy, errors, wrong bodies, a stream
 * that does not stream) — never because of a timing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './build.mjs';
import { startChild } from './child-process.mjs';
import { formatCpuProfile, summarizeCpuProfile } from './cpu-profile.mjs';
import { describeMachine, formatMachine } from './machine.mjs';
import { fullProfile, smokeProfile } from './profiles.mjs';
import { formatVerdicts, formatWorkload } from './report.mjs';
import { repoRoot } from './resolve-package.mjs';
import { createSystemSelection, resolveBaseline, SelectionError } from './system-selection.mjs';
import { judgeTargets } from './targets.mjs';
import { auditWorkload } from './workloads/audit.mjs';
import { breakdownWorkload } from './workloads/breakdown.mjs';
import { dashboardWorkload } from './workloads/dashboard.mjs';
import { jsonWorkload } from './workloads/json.mjs';
import { postWorkload } from './workloads/post.mjs';
import { sseWorkload } from './workloads/sse.mjs';
import { startupWorkload } from './workloads/startup.mjs';
import { streamWorkload } from './workloads/stream.mjs';
import { websocketWorkload } from './workloads/websocket.mjs';

const workloads = [
  jsonWorkload,
  breakdownWorkload,
  postWorkload,
  streamWorkload,
  sseWorkload,
  websocketWorkload,
  auditWorkload,
  dashboardWorkload,
  startupWorkload,
];

const usage = `usage: node bench/run.mjs [--smoke] [--only=${workloads.map((w) => w.id).join(',')}] [--baseline=<checkout>] [--systems=<ids>] [--json=<file>] [--profile]
  --smoke      every workload, briefly (CI): fails only when something is broken, never on timings;
               the ng serve systems in the json workload only (each start is an app build)
  --only       run these workloads (comma-separated)
  --baseline   also run cors-dev-proxy built in this checkout (an earlier commit) as row cdp-baseline, and
               judge this commit against it
  --systems    run only these rows (comma-separated ids, e.g. minimal,cdp,cdp-baseline)
  --json       also write every result (rounds included) to <file>
  --profile    run each dev-server process under node --cpu-prof (bench/results/profiles/) and print its hot spots`;

const { values: args } = parseArgs({
  // `pnpm run bench -- --only=json` passes the `--` on; take the options after it as well.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    baseline: { type: 'string' },
    systems: { type: 'string' },
    json: { type: 'string' },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const selected = args.only ? args.only.split(',').map((id) => id.trim()) : workloads.map((w) => w.id);
const unknown = selected.filter((id) => !workloads.some((workload) => workload.id === id));
if (unknown.length > 0) {
  process.stderr.write(`[bench] unknown workload ${unknown.map((id) => `"${id}"`).join(', ')}\n${usage}\n`);
  process.exit(2);
}

/** @type {ReturnType<typeof createSystemSelection>} */
let systemsFor;
/** @type {import('./systems/index.mjs').SystemDescriptor | undefined} */
let baseline;
try {
  baseline = args.baseline === undefined ? undefined : resolveBaseline(args.baseline);
  systemsFor = createSystemSelection({ baseline, only: args.systems?.split(',').map((id) => id.trim()) });
} catch (error) {
  if (!(error instanceof SelectionError)) throw error;
  process.stderr.write(`[bench] ${error.message}\n`);
  process.exit(2);
}

const profile = args.smoke ? smokeProfile : fullProfile;
const startedAt = performance.now();
/** @param {string} message */
const progress = (message) => {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds} s] ${message}\n`);
};
/** @type {string[]} */
const broken = [];
/** @param {string} message */
const reportBroken = (message) => {
  broken.push(message);
  progress(`BROKEN ${message}`);
};
/** @param {string} text */
const print = (text) => process.stdout.write(`${text}\n\n`);

const profileDir = path.join(repoRoot, 'bench', 'results', 'profiles');
const profileRunTag = new Date().toISOString().replace(/[:.]/g, '-');
if (args.profile) mkdirSync(profileDir, { recursive: true });

ensureBuilt(progress);
const machine = describeMachine();
const command = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
const baselineLine = baseline ? `\n- baseline: ${baseline.label}, built in ${args.baseline}` : '';
print(
  `## cors-dev-proxy bench (${profile.name})\n\n${formatMachine(machine)}\n- command: \`${command}\`${baselineLine}`,
);

// A throwaway Vite project (one index.html) shared by every dev server; the audit writes its shapes file here.
const root = mkdtempSync(path.join(os.tmpdir(), 'cors-dev-proxy-bench-'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>bench</title>\n');

const upstream = await startChild(path.join(repoRoot, 'bench', 'upstream.mjs'), { label: 'upstream' });
progress(`upstream on ${upstream.url} (pid ${upstream.pid})`);

/** @type {import('./workload-kit.mjs').BenchContext} */
const context = {
  profile,
  upstreamUrl: upstream.url,
  root,
  progress,
  broken: reportBroken,
  systemsFor,
  execArgvFor(workloadId, descriptor) {
    if (!args.profile || descriptor.direct) return [];
    return [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      `--cpu-prof-name=${profileRunTag}-${workloadId}-${descriptor.id}.cpuprofile`,
    ];
  },
};

/** @type {Map<string, import('./workload-kit.mjs').WorkloadResult>} */
const results = new Map();
try {
  for (const workload of workloads.filter((w) => selected.includes(w.id))) {
    progress(`${workload.id}: ${workload.title}`);
    const loadBefore = os.loadavg()[0].toFixed(2);
    try {
      const result = await workload.run(context);
      // Other work on the machine shows here: the numbers of a workload run under load deserve less trust.
      result.loadAverage = `${loadBefore} → ${os.loadavg()[0].toFixed(2)}`;
      // A run of a few systems: the comparisons between rows it did not run say nothing.
      if (args.systems) result.comparisons = result.comparisons.filter((c) => Number.isFinite(c.value));
      results.set(workload.id, result);
      print(formatWorkload(result));
    } catch (error) {
      reportBroken(`${workload.id}: ${/** @type {Error} */ (error).stack ?? error}`);
    }
  }
} finally {
  await upstream.stop();
  rmSync(root, { recursive: true, force: true });
}

// A run of a few systems lists only the targets it could judge (the others compare rows it did not run).
const verdicts = judgeTargets(results).filter((verdict) => !args.systems || verdict.pass !== undefined);
print(formatVerdicts(verdicts, profile.judgeTargets));

const profiles = args.profile
  ? readdirSync(profileDir)
      .filter((file) => file.startsWith(profileRunTag))
      .map((file) => summarizeCpuProfile(path.join(profileDir, file)))
  : [];
for (const summary of profiles) print(formatCpuProfile(summary));

const elapsedS = (performance.now() - startedAt) / 1000;
print(
  broken.length > 0
    ? `### BROKEN\n\n${broken.map((message) => `- ${message}`).join('\n')}`
    : `Nothing broken. Total time ${elapsedS.toFixed(0)} s.`,
);

if (args.json) {
  const file = path.resolve(args.json);
  const directory = path.dirname(file);
  if (!existsSync(directory)) mkdirSync(directory, { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ profile, machine, command, elapsedS, results: Object.fromEntries(results), verdicts, broken, profiles }, null, 2)}\n`,
  );
  progress(`results written to ${file}`);
}
process.exitCode = broken.length > 0 ? 1 : 0;
