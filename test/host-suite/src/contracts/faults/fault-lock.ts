import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The faults tier runs two host files at once (most of its time is spent waiting on time limits). A storm,
// though, measures how each fault ends under load, with the proxy, the fault upstream and the client in one
// process (one core): next to a host start (an ng serve build takes every core) or another storm, a fault
// the upstream answers at once can miss its 1 s limit. So the tier shares a read-write lock across its worker
// processes: every host start holds it shared (`outsideStorms`), a storm holds it alone. A fault group's
// own requests run beside a storm: they are one core's light work, as the storm is the other's.
//
// Files in one directory per checkout (two clones' runs do not wait for each other):
//   writer          a directory: made by the one storm that runs or waits for the readers to finish
//   writer/owner    its pid
//   reader-<pid>-n  one file per group holding the lock shared
// A writer that made `writer` waits for the readers; a reader registers first and backs off while `writer`
// exists, so either the writer sees the reader's file or the reader sees the writer's directory.

const lockDir = path.join(
  os.tmpdir(),
  `cors-dev-proxy-faults-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`,
);
const writerDir = path.join(lockDir, 'writer');
const pollMs = 200;
let readerCount = 0;

/** How long a group may wait for the lock: every other host's storm, each well under a minute. */
export const faultLockWaitMs = 10 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while a live storm holds or waits for the lock; a dead worker's `writer` is removed. */
async function writerPresent(): Promise<boolean> {
  const owner = await fs.readFile(path.join(writerDir, 'owner'), 'utf8').catch(() => undefined);
  if (owner === undefined) {
    // Absent, or made a moment ago and its owner file not written yet.
    return fs.stat(writerDir).then(
      () => true,
      () => false,
    );
  }
  if (isAlive(Number(owner))) return true;
  await fs.rm(writerDir, { recursive: true, force: true });
  return false;
}

/** Readers other than dead workers' (theirs are removed). */
async function liveReaders(): Promise<number> {
  let live = 0;
  for (const name of await fs.readdir(lockDir)) {
    const match = /^reader-(\d+)-/.exec(name);
    if (!match) continue;
    if (isAlive(Number(match[1]))) live += 1;
    else await fs.rm(path.join(lockDir, name), { force: true });
  }
  return live;
}

/** Holds the lock shared (alongside other groups, never during a storm) until the returned release. */
async function acquireShared(): Promise<() => Promise<void>> {
  await fs.mkdir(lockDir, { recursive: true });
  readerCount += 1;
  const file = path.join(lockDir, `reader-${process.pid}-${readerCount}`);
  for (;;) {
    await fs.writeFile(file, '');
    if (!(await writerPresent())) return () => fs.rm(file, { force: true });
    await fs.rm(file, { force: true });
    await sleep(pollMs);
  }
}

/** Runs `work` (a host start) holding the lock shared: beside other host starts, never during a storm. */
export async function outsideStorms<T>(work: () => Promise<T>): Promise<T> {
  const release = await acquireShared();
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Holds the lock alone (no other storm, no other fault group in any worker) until the returned release. */
export async function acquireExclusive(): Promise<() => Promise<void>> {
  await fs.mkdir(lockDir, { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(writerDir);
      await fs.writeFile(path.join(writerDir, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await writerPresent(); // clears a dead worker's
      await sleep(pollMs);
    }
  }
  while ((await liveReaders()) > 0) await sleep(pollMs);
  return () => fs.rm(writerDir, { recursive: true, force: true });
}
