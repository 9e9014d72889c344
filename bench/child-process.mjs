import { fork } from 'node:child_process';
import { constants, PerformanceObserver } from 'node:perf_hooks';

/**
 * @typedef {{ type: 'ready', port: number, startupMs?: number, importMs?: number }} ReadyMessage
 * @typedef {{ major: number, minor: number, ms: number }} GcStats garbage collections so far: full
 *   (mark-compact) and young-generation ones, and the time spent in all of them on the main thread
 * @typedef {{
 *   readonly pid: number,
 *   readonly ready: ReadyMessage,
 *   readonly url: string,
 *   stderrTail(): string,
 *   gcStats(): Promise<GcStats | undefined>,
 *   stop(): Promise<void>,
 * }} BenchChild
 */

/**
 * Runs `entry` in its own Node process (the Node running the bench: Node 24 under `pnpm run`), with an IPC
 * channel. The child reports `{ type: 'ready', port }` once it listens on 127.0.0.1 and exits when sent
 * `{ type: 'stop' }` — a clean exit, so `--cpu-prof` profiles get written. Its stdout goes to /dev/null (dev
 * servers log each request there, as they would to a terminal); its stderr is kept for error messages.
 * @param {string} entry absolute path of the child's script
 * @param {{ label: string, args?: string[], execArgv?: string[], readyTimeoutMs?: number }} options
 * @returns {Promise<BenchChild>}
 */
export function startChild(entry, { label, args = [], execArgv = [], readyTimeoutMs = 60_000 }) {
  const child = fork(entry, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not report ready within ${readyTimeoutMs} ms.${tail(stderr)}`));
    }, readyTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${label} could not be started: ${error.message}`));
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`${label} exited before it was ready (code ${code}, signal ${signal}).${tail(stderr)}`),
      );
    });
    child.on('message', (/** @type {any} */ message) => {
      if (message?.type === 'failed') {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`${label} failed to start: ${message.error}`));
      }
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve({
        pid: /** @type {number} */ (child.pid),
        ready: message,
        url: `http://127.0.0.1:${message.port}`,
        stderrTail: () => stderr,
        gcStats() {
          return new Promise((resolveStats) => {
            const id = Math.random();
            const onReply = (/** @type {any} */ reply) => {
              if (reply?.type !== 'gc-stats' || reply.id !== id) return;
              clearTimeout(giveUp);
              child.off('message', onReply);
              resolveStats(reply.stats);
            };
            const giveUp = setTimeout(() => {
              child.off('message', onReply);
              resolveStats(undefined);
            }, 2000);
            child.on('message', onReply);
            child.send({ type: 'gc-stats', id });
          });
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.send({ type: 'stop' });
          const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killTimer);
        },
      });
    });
  });
}

/** @param {string} stderr */
function tail(stderr) {
  const text = stderr.trim();
  return text ? `\n  stderr: ${text.split('\n').slice(-8).join('\n  ')}` : '';
}

/**
 * The child's side of the protocol: run `start`, report the port, close and exit on `stop`. A failure to
 * start is reported over IPC with its message rather than as an unexplained exit.
 * @param {() => Promise<{ port: number, close(): Promise<void> | void, startupMs?: number, importMs?: number }>} start
 */
export async function serveAsChild(start) {
  // An orphan never outlives the bench: the IPC channel closes when the runner exits or is killed.
  process.on('disconnect', () => process.exit(0));
  // Garbage collections, counted for the runner (the stream workload reports them per GiB moved).
  const gc = { major: 0, minor: 0, ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = /** @type {{ kind?: number }} */ (entry.detail)?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
      gc.ms += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (/** @type {any} */ message) => {
    if (message?.type === 'gc-stats') process.send?.({ type: 'gc-stats', id: message.id, stats: { ...gc } });
  });
  try {
    const { port, close, startupMs, importMs } = await start();
    process.on('message', async (/** @type {any} */ message) => {
      if (message?.type !== 'stop') return;
      await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 3000))]);
      process.exit(0);
    });
    process.send?.({ type: 'ready', port, startupMs, importMs });
  } catch (error) {
    process.send?.({ type: 'failed', error: error instanceof Error ? error.stack : String(error) });
    process.exitCode = 1;
  }
}
