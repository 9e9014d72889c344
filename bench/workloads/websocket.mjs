/**
 * Workload 5: many concurrent WebSockets through the proxy. All sockets connect at once; once all are open,
 * each sends one message and the time until every echo is back is measured. Only systems that proxy
 * WebSockets take part.
 */
import WebSocket from 'ws';
import { median } from '../stats.mjs';
import { comparedSystems } from '../systems/index.mjs';
import { baselineRatios, formatInteger, formatMs, rowRatio, withSystems } from '../workload-kit.mjs';

/**
 * @param {string} baseUrl
 * @param {number} count
 * @param {number} timeoutMs
 * @returns {Promise<{ connectMs: number, echoMs: number, errors: number, firstError?: string }>}
 */
async function echoRound(baseUrl, count, timeoutMs) {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/ws`;
  /** @type {WebSocket[]} */
  const sockets = [];
  let errors = 0;
  /** @type {string | undefined} */
  let firstError;
  const fail = (/** @type {string} */ message) => {
    errors++;
    firstError ??= message;
  };
  const deadline = performance.now() + timeoutMs;
  const withDeadline = async (/** @type {Promise<unknown>[]} */ promises) => {
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    await Promise.race([
      Promise.allSettled(promises),
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
      }),
    ]);
    clearTimeout(timer);
  };

  const connectStartedAt = performance.now();
  const opened = [];
  for (let index = 0; index < count; index++) {
    // A browser page sends its own origin on every WebSocket (webpack-dev-server refuses proxied sockets without one).
    const socket = new WebSocket(url, { perMessageDeflate: false, origin: baseUrl });
    sockets.push(socket);
    opened.push(
      new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.on('error', (error) => reject(error));
        socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }).catch((error) => fail(`connect: ${error.message}`)),
    );
  }
  await withDeadline(opened);
  const connectMs = performance.now() - connectStartedAt;

  const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN);
  if (open.length < count) fail(`${count - open.length} of ${count} sockets not open`);
  const echoStartedAt = performance.now();
  const echoed = open.map(
    (socket, index) =>
      new Promise((resolve) => {
        const message = `bench message ${index}`;
        socket.once('message', (data) => {
          if (String(data) !== message) fail(`socket ${index} got "${String(data).slice(0, 40)}"`);
          resolve(undefined);
        });
        socket.send(message);
      }),
  );
  let pending = echoed.length;
  for (const promise of echoed) void promise.then(() => pending--);
  await withDeadline(echoed);
  const echoMs = performance.now() - echoStartedAt;
  if (pending > 0) fail(`${pending} echoes missing after ${timeoutMs} ms`);

  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve(undefined);
          socket.once('close', resolve);
          socket.terminate();
        }),
    ),
  );
  return { connectMs, echoMs, errors, ...(firstError ? { firstError } : {}) };
}

/** @type {import('../workload-kit.mjs').Workload} */
export const websocketWorkload = {
  id: 'ws',
  title: 'Concurrent WebSockets, echo',
  async run(context) {
    const { sockets, rounds, timeoutMs } = context.profile.ws;
    const participants = comparedSystems.filter((descriptor) => descriptor.proxiesWebSockets);
    const rows = await withSystems(context, 'ws', participants, async (running, notes) => {
      /** @type {Map<string, { connectMs: number, echoMs: number, errors: number }[]>} */
      const results = new Map(running.map((system) => [system.descriptor.id, []]));
      for (const system of running) {
        context.progress(`ws: warm-up ${system.descriptor.label} (${Math.min(50, sockets)} sockets)`);
        await echoRound(system.url, Math.min(50, sockets), timeoutMs);
      }
      for (let round = 1; round <= rounds; round++) {
        for (const system of running) {
          const result = await echoRound(system.url, sockets, timeoutMs);
          results.get(system.descriptor.id)?.push(result);
          if (result.errors > 0) {
            context.broken(
              `ws: ${system.descriptor.label}: ${result.errors} errors, first: ${result.firstError}`,
            );
          }
          context.progress(
            `ws: round ${round}/${rounds} ${system.descriptor.label}: ${sockets} open in ${result.connectMs.toFixed(0)} ms, echoes in ${result.echoMs.toFixed(0)} ms, ${result.errors} errors`,
          );
        }
      }
      // Every row of the table, the systems without WebSockets too (with the reason).
      return context.systemsFor(comparedSystems).map((descriptor) => {
        const runs = results.get(descriptor.id);
        if (!descriptor.proxiesWebSockets) {
          return {
            id: descriptor.id,
            label: descriptor.label,
            values: {},
            note: descriptor.noWebSocketReason,
          };
        }
        if (!runs || runs.length === 0) {
          return { id: descriptor.id, label: descriptor.label, values: {}, note: notes.get(descriptor.id) };
        }
        return {
          id: descriptor.id,
          label: descriptor.label,
          values: {
            connectMs: median(runs.map((run) => run.connectMs)),
            echoMs: median(runs.map((run) => run.echoMs)),
            errors: runs.reduce((sum, run) => sum + run.errors, 0),
            rounds: runs,
          },
        };
      });
    });
    return {
      id: 'ws',
      title: `${this.title} (${sockets} sockets)`,
      method: `${sockets} sockets opened at once, then one message each; ${rounds} round(s) round-robin after a 50-socket warm-up; medians; errors summed over rounds`,
      columns: [
        { key: 'connectMs', label: `all ${sockets} open ms`, format: formatMs },
        { key: 'echoMs', label: 'all echoes ms', format: formatMs },
        { key: 'errors', label: 'errors', format: formatInteger },
      ],
      rows,
      // Times: lower is better, so a ratio below 1× means cors-dev-proxy is faster.
      comparisons: [
        ...baselineRatios(rows, { connectMs: 'open time', echoMs: 'echo time' }),
        {
          ...rowRatio(rows, 'connectMs', 'cdp', 'vite'),
          label: 'open time, cors-dev-proxy / Vite server.proxy',
        },
        {
          ...rowRatio(rows, 'echoMs', 'cdp', 'vite'),
          label: 'echo time, cors-dev-proxy / Vite server.proxy',
        },
        { ...rowRatio(rows, 'echoMs', 'cdp', 'direct'), label: 'echo time, cors-dev-proxy / direct' },
        {
          ...rowRatio(rows, 'connectMs', 'cdp-wds', 'wds'),
          label: 'open time, cors-dev-proxy (wds 6) / webpack-dev-server proxy',
        },
        {
          ...rowRatio(rows, 'echoMs', 'cdp-wds', 'wds'),
          label: 'echo time, cors-dev-proxy (wds 6) / webpack-dev-server proxy',
        },
        {
          ...rowRatio(rows, 'echoMs', 'cdp-wds', 'direct'),
          label: 'echo time, cors-dev-proxy (wds 6) / direct',
        },
        {
          ...rowRatio(rows, 'connectMs', 'cdp-ng', 'ng'),
          label: 'open time, cors-dev-proxy (Angular 22) / Angular proxyConfig',
        },
        {
          ...rowRatio(rows, 'echoMs', 'cdp-ng', 'ng'),
          label: 'echo time, cors-dev-proxy (Angular 22) / Angular proxyConfig',
        },
      ],
    };
  },
};
