// Plays a backend that fails in every way at once while the page keeps firing requests: 2,000 requests, 100 in
// flight, spread over every fault and the normal route, twice. Each failure path that forgets to end a
// response, clear a timer, destroy an upstream socket or drop a listener leaks a little; thousands of requests
// make a little visible. The dev server must settle every request, give each fault the same answer it gives
// alone, and come back to its idle file descriptors, connections, listeners and heap afterwards.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostHarness } from '../../harness.js';
import { alsoRightUnderLoad, endingFaults, expectedLabels, labelOf } from './fault-expectations.js';
import { acquireExclusive, faultLockWaitMs } from './fault-lock.js';
import {
  type CrashWatch,
  type FaultRig,
  type Outcome,
  openFileDescriptors,
  routeTimeoutMs,
  send,
  startFaultRig,
  watchForCrashes,
} from './fault-rig.js';

const requestCount = 2_000;
// Most of a storm is waiting on the slow faults' 1 s limit, so its length is set by how many wait at once: 100
// halves the storm of 50 (storms run alone, fault-lock.ts, and a tier runs twelve of them) at ~400 requests a
// second, light work for the machine, and asks more of the proxy's bookkeeping at once.
const inFlight = 100;
/** Per request under load: the route's limit plus room for two cores running client, proxy and upstream. */
const perRequestBoundMs = routeTimeoutMs + 4_000;
/** The whole storm: the slow faults alone need (requests × share of slow faults × 1 s) / 100 ≈ 6 s. */
const stormBoundMs = 60_000;
const fdTolerance = 10;
/** Growth allowed from storm 1 to storm 2 (8 KiB per request would exceed it), and over the whole file. */
const heapGrowthPerStormBytes = 16 * 1024 * 1024;
const heapToleranceBytes = 50 * 1024 * 1024;

interface StormResult {
  readonly elapsedMs: number;
  readonly slowest: { readonly fault: string; readonly ms: number };
  /** `fault → label → count` */
  readonly counts: Record<string, Record<string, number>>;
  readonly outcomes: readonly { readonly fault: string; readonly outcome: Outcome }[];
}

/** Fires `requestCount` requests round-robin over the faults, `inFlight` at a time, like a busy page would. */
async function storm(rig: FaultRig): Promise<StormResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const outcomes: { fault: string; outcome: Outcome }[] = [];
  const startedAt = performance.now();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < requestCount) {
      const index = next;
      next += 1;
      const fault = endingFaults[index % endingFaults.length]!;
      outcomes.push({ fault, outcome: await send(rig.url, `/${fault}/storm/${index}`, { agent }) });
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsedMs = Math.round(performance.now() - startedAt);
  // The browser tab closes: its keep-alive connections to the dev server go too.
  agent.destroy();
  const counts: Record<string, Record<string, number>> = {};
  let slowest = { fault: '', ms: 0 };
  for (const { fault, outcome } of outcomes) {
    const label = labelOf(fault, outcome);
    counts[fault] ??= {};
    counts[fault][label] = (counts[fault][label] ?? 0) + 1;
    if (outcome.ms > slowest.ms) slowest = { fault, ms: outcome.ms };
  }
  return { elapsedMs, slowest, counts, outcomes };
}

function printCounts(title: string, result: StormResult): void {
  const byOutcome: Record<string, number> = {};
  for (const labels of Object.values(result.counts)) {
    for (const [label, count] of Object.entries(labels)) {
      const kind =
        label === '200 ok'
          ? 'success'
          : label.includes('aborted')
            ? 'aborted'
            : /^50[24] \w+$/.test(label)
              ? `mapped ${label.slice(0, 3)}`
              : 'unexpected';
      byOutcome[kind] = (byOutcome[kind] ?? 0) + count;
    }
  }
  console.log(
    `${title}: ${result.outcomes.length} requests in ${result.elapsedMs} ms (slowest ${result.slowest.ms} ms, ${result.slowest.fault})\n` +
      `  by outcome: ${JSON.stringify(byOutcome)}\n` +
      Object.entries(result.counts)
        .map(([fault, labels]) => `  ${fault.padEnd(24)} ${JSON.stringify(labels)}`)
        .join('\n'),
  );
}

/** Fault → labels that differ from what the fault gives alone, with counts; empty when all match. */
function mismatches(result: StormResult): Record<string, Record<string, number>> {
  const wrong: Record<string, Record<string, number>> = {};
  for (const [fault, labels] of Object.entries(result.counts)) {
    for (const [label, count] of Object.entries(labels)) {
      const key = fault as keyof typeof expectedLabels;
      if (label === expectedLabels[key] || label === alsoRightUnderLoad[key]) continue;
      wrong[fault] ??= {};
      wrong[fault][label] = count;
    }
  }
  return wrong;
}

/**
 * Every request ended in time as the browser can tell: the answer, a diagnosis (502/504 with its kind), or a
 * response cut after its headers. A connection closed before any status is not an answer: nothing had been
 * sent yet, so the proxy owed the page a diagnosis.
 */
function expectAllSettled(result: StormResult): void {
  expect(result.outcomes).toHaveLength(requestCount);
  expect(result.elapsedMs).toBeLessThan(stormBoundMs);
  expect(result.slowest.ms, `slowest: ${result.slowest.fault}`).toBeLessThan(perRequestBoundMs);
  const unsettled = result.outcomes
    .map(({ fault, outcome }) => `${fault}: ${labelOf(fault, outcome)}`)
    .filter((line) => !/: (200 ok|50[24] \w+|200 aborted-after-headers)$/.test(line));
  expect(unsettled).toEqual([]);
}

interface Snapshot {
  readonly fds: number;
  readonly devConnections: number;
  readonly upstreamConnections: number;
  readonly listeners: Record<string, number>;
}

async function snapshot(rig: FaultRig): Promise<Snapshot> {
  const server = rig.host.server;
  return {
    fds: await openFileDescriptors(),
    devConnections: await rig.devConnections(),
    upstreamConnections: await rig.upstream.openConnections(),
    listeners: Object.fromEntries(
      (['close', 'upgrade', 'request', 'connection', 'error'] as const).map((event) => [
        event,
        server.listenerCount(event),
      ]),
    ),
  };
}

/** Idle again: no connection on either server, file descriptors back near the baseline. */
async function expectBackToIdle(rig: FaultRig, baseline: Snapshot): Promise<void> {
  // Keep-alive connections to the upstream close after its 2 s idle limit; refused-connection retries and
  // sockets in TIME_WAIT teardown take a moment too, hence the generous poll.
  await expect.poll(() => rig.devConnections(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => rig.upstream.openConnections(), { timeout: 10_000 }).toBe(0);
  await expect.poll(openFileDescriptors, { timeout: 10_000 }).toBeLessThanOrEqual(baseline.fds + fdTolerance);
  expect((await snapshot(rig)).listeners).toEqual(baseline.listeners);
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

export function stormContracts(harness: HostHarness): void {
  describe(`a storm of ${requestCount} requests over every fault, ${inFlight} in flight`, () => {
    let rig: FaultRig;
    let baseline: Snapshot;
    const results: StormResult[] = [];
    const heaps: { baseline?: number; afterFirst?: number; afterSecond?: number } = {};
    let crashes: CrashWatch;
    let releaseLock: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      // Installed per group, not at collection: another group's crash must not fail this one.
      crashes = watchForCrashes();
      rig = await startFaultRig(harness);
      // Started, the lock is taken alone until the group ends: no host start and no other storm in the tier
      // runs during this one (fault-lock.ts).
      releaseLock = await acquireExclusive();
      // Warm up: every route once (lazy listeners, TLS contexts, first warnings), then wait for idle.
      for (const fault of endingFaults) await send(rig.url, `/${fault}/warm-up`);
      await vi.waitFor(
        async () => {
          expect(await rig.devConnections()).toBe(0);
          expect(await rig.upstream.openConnections()).toBe(0);
        },
        { timeout: 10_000, interval: 50 },
      );
      baseline = await snapshot(rig);
      heaps.baseline = heapAfterGc();
    }, faultLockWaitMs);
    afterAll(async () => {
      crashes?.dispose();
      await rig?.close();
      await releaseLock?.();
    });

    it('storm 1: every request settles (success, mapped status or abort) in bounded time', async () => {
      const result = await storm(rig);
      results.push(result);
      printCounts('storm 1', result);
      expectAllSettled(result);
      expect(crashes.errors).toEqual([]);
    }, 90_000);

    it('storm 1: under load, each fault ends as it does alone', () => {
      expect(results[0], 'storm 1 ran').toBeDefined();
      expect(mismatches(results[0]!)).toEqual({});
    });

    it('storm 1: no leaked sockets, file descriptors or server listeners', async () => {
      await expectBackToIdle(rig, baseline);
      heaps.afterFirst = heapAfterGc();
    }, 60_000);

    it('storm 2: the same again, and the heap does not keep growing', async () => {
      const result = await storm(rig);
      results.push(result);
      printCounts('storm 2', result);
      expectAllSettled(result);
      await expectBackToIdle(rig, baseline);
      heaps.afterSecond = heapAfterGc();
      const mib = (bytes: number | undefined) => `${((bytes ?? Number.NaN) / 1024 / 1024).toFixed(1)} MiB`;
      const forced = typeof (globalThis as { gc?: unknown }).gc === 'function';
      console.log(
        `heap after ${forced ? 'forced gc' : 'no forced gc (run with --expose-gc)'}: baseline ${mib(heaps.baseline)}, ` +
          `after storm 1 ${mib(heaps.afterFirst)}, after storm 2 ${mib(heaps.afterSecond)}`,
      );
      // Storm 1 warms caches (JIT, TLS sessions, deduplicated warnings); storm 2 must not add as much again.
      expect(heaps.afterFirst, 'storm 1 came back to idle').toBeDefined();
      expect(heaps.afterSecond - heaps.afterFirst!).toBeLessThan(heapGrowthPerStormBytes);
      expect(heaps.afterSecond - heaps.baseline!).toBeLessThan(heapToleranceBytes);
      expect(crashes.errors).toEqual([]);
    }, 120_000);

    it('the dev server still answers normally', async () => {
      expect(labelOf('ok', await send(rig.url, '/ok/after-storms'))).toBe('200 ok');
      const page = await send(rig.url, '/', { accept: 'text/html' });
      expect(page).toMatchObject({ kind: 'response', status: 200 });
    });
  });
}
