import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The faults tier runs two host files at once (most of its time is spent waiting on time limits), but two storms
// at once would put 100 requests in flight over every fault on two cores and blur what a storm measures: the
// time each fault takes to end. Storms take this lock, across the tier's worker processes; everything else in
// the tier runs alongside.

/** One lock per checkout: two clones' test runs on one machine do not wait for each other. */
const lockDir = path.join(
  os.tmpdir(),
  `cors-dev-proxy-storm-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`,
);
const ownerFile = path.join(lockDir, 'owner');
const pollMs = 200;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock when its owner died holding it (a worker killed mid-storm). */
async function clearIfStale(): Promise<void> {
  const owner = Number(await fs.readFile(ownerFile, 'utf8').catch(() => ''));
  // No owner file yet: the owner is between mkdir and writing it; not stale.
  if (owner > 0 && !isAlive(owner)) await fs.rm(lockDir, { recursive: true, force: true });
}

/** Waits until no other worker's storm runs, then holds the lock until the returned release is called. */
export async function acquireStormLock(): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      await fs.writeFile(ownerFile, String(process.pid));
      return () => fs.rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await clearIfStale();
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}

/** How long a storm may wait for another one: every other host's storms, each well under a minute. */
export const stormLockWaitMs = 10 * 60_000;
