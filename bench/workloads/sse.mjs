/**
 * Workload 4: server-sent events. The upstream sends an event at once and then every 50 ms; the client times
 * the first event from the moment it sends the request, and the gaps between the next ones. The client asks
 * for compression as a browser does (`Accept-Encoding: gzip, deflate, br`): that is what makes a dev server's
 * compression (webpack-dev-server's `compress`, on by default) hold a stream back. A proxy that buffers never
 * delivers the first event (the stream never ends), which counts as broken — unless the system is known to
 * (`buffersEventStreams`), then the row says so.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { sseIntervalMs } from '../constants.mjs';
import { maximum, median, percentile } from '../stats.mjs';
import { comparedSystems } from '../systems/index.mjs';
import { formatMs, withSystems } from '../workload-kit.mjs';

/**
 * Reads one SSE stream until `events` events arrived, then closes it.
 * @param {string} baseUrl
 * @param {number} events
 * @param {number} timeoutMs
 * @returns {Promise<{ firstEventMs: number, gapsMs: number[] }>}
 */
function readEvents(baseUrl, events, timeoutMs) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    /** @type {number[]} */
    const arrivals = [];
    let buffer = '';
    let expectedId = 0;
    const timer = setTimeout(() => {
      req.destroy();
      reject(
        new Error(`${arrivals.length} of ${events} events within ${timeoutMs} ms (is the stream buffered?)`),
      );
    }, timeoutMs);
    const req = http.get(
      `${baseUrl}/api/sse`,
      { agent: false, headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip, deflate, br' } },
      (res) => {
        if (res.statusCode !== 200) {
          clearTimeout(timer);
          reject(new Error(`status ${res.statusCode}`));
          res.resume();
          return;
        }
        // A compressed stream that does get flushed is still read event by event.
        const decoder = decoderFor(res.headers['content-encoding']);
        const body = decoder ? res.pipe(decoder) : res;
        decoder?.on('error', (error) => {
          clearTimeout(timer);
          req.destroy();
          reject(new Error(`undecodable ${res.headers['content-encoding']} stream: ${error.message}`));
        });
        body.setEncoding('utf8');
        body.on('data', (text) => {
          const now = performance.now();
          buffer += text;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = Number(/^id: (\d+)$/m.exec(event)?.[1]);
            if (id !== expectedId) {
              clearTimeout(timer);
              req.destroy();
              reject(new Error(`event ${id} arrived where ${expectedId} was expected`));
              return;
            }
            expectedId++;
            arrivals.push(now);
            end = buffer.indexOf('\n\n');
          }
          if (arrivals.length >= events) {
            clearTimeout(timer);
            req.destroy();
            resolve({
              firstEventMs: arrivals[0] - startedAt,
              gapsMs: arrivals.slice(1).map((at, index) => at - arrivals[index]),
            });
          }
        });
      },
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** @param {string | undefined} encoding */
function decoderFor(encoding) {
  if (encoding === 'gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

/**
 * How long a system known to buffer gets for its first event before the row says "buffered" (the upstream's
 * first event leaves at once; a proxy that streams delivers it in milliseconds).
 */
const bufferedTimeoutMs = 2000;

/** @type {import('../workload-kit.mjs').Workload} */
export const sseWorkload = {
  id: 'sse',
  title: 'Server-sent events',
  async run(context) {
    const { streams, events, firstEventTimeoutMs } = context.profile.sse;
    const rows = await withSystems(context, 'sse', comparedSystems, async (running, notes, descriptors) => {
      /** @type {Map<string, { first: number[], gaps: number[] }>} */
      const results = new Map();
      /** @type {Set<string>} */
      const failed = new Set();
      /** @type {Map<string, string>} */
      const buffered = new Map();
      // Each stream is closed mid-way (as a closed tab does), so each one is a new connection at every hop.
      for (const system of running) {
        results.set(system.descriptor.id, { first: [], gaps: [] });
        const expected = system.descriptor.buffersEventStreams;
        try {
          await readEvents(system.url, 2, expected ? bufferedTimeoutMs : firstEventTimeoutMs);
        } catch (error) {
          failed.add(system.descriptor.id);
          const message = /** @type {Error} */ (error).message;
          if (expected) {
            buffered.set(system.descriptor.id, `${expected}: ${message}`);
            context.progress(`sse: ${system.descriptor.label}: ${expected} (expected): ${message}`);
          } else context.broken(`sse: ${system.descriptor.label}: ${message}`);
        }
      }
      for (let stream = 1; stream <= streams; stream++) {
        for (const system of running) {
          if (failed.has(system.descriptor.id)) continue;
          try {
            const { firstEventMs, gapsMs } = await readEvents(
              system.url,
              events,
              firstEventTimeoutMs + events * sseIntervalMs,
            );
            const result = /** @type {{ first: number[], gaps: number[] }} */ (
              results.get(system.descriptor.id)
            );
            result.first.push(firstEventMs);
            result.gaps.push(...gapsMs);
          } catch (error) {
            failed.add(system.descriptor.id);
            context.broken(`sse: ${system.descriptor.label}: ${/** @type {Error} */ (error).message}`);
          }
        }
        if (stream % 5 === 0 || stream === streams)
          context.progress(`sse: ${stream}/${streams} streams per system`);
      }
      return descriptors.map((descriptor) => {
        const result = results.get(descriptor.id);
        if (!result || failed.has(descriptor.id)) {
          return {
            id: descriptor.id,
            label: descriptor.label,
            values: {},
            note:
              buffered.get(descriptor.id) ??
              (failed.has(descriptor.id) ? 'BROKEN: events not streamed' : notes.get(descriptor.id)),
          };
        }
        return {
          id: descriptor.id,
          label: descriptor.label,
          values: {
            firstMedian: median(result.first),
            firstP90: percentile(result.first, 90),
            gapMedian: median(result.gaps),
            gapMax: maximum(result.gaps),
            samples: result,
          },
        };
      });
    });
    const difference = (/** @type {string} */ id) => {
      const row = rows.find((r) => r.id === id);
      const direct = rows.find((r) => r.id === 'direct');
      return {
        label: `first event, ${row?.label ?? id} − direct`,
        value:
          /** @type {number} */ (row?.values.firstMedian) -
          /** @type {number} */ (direct?.values.firstMedian),
        unit: /** @type {const} */ ('ms'),
      };
    };
    return {
      id: 'sse',
      title: this.title,
      method: `${streams} streams per system (round-robin, one at a time, a new connection each), ${events} events each, \`Accept-Encoding: gzip, deflate, br\` as a browser sends; upstream sends one at once, then every ${sseIntervalMs} ms; first event timed from sending the request; webpack-dev-server with \`compress\` on (its default)`,
      columns: [
        { key: 'firstMedian', label: 'first event ms (median)', format: formatMs },
        { key: 'firstP90', label: 'first event ms (p90)', format: formatMs },
        { key: 'gapMedian', label: 'gap ms (median)', format: formatMs },
        { key: 'gapMax', label: 'gap ms (max)', format: formatMs },
      ],
      rows,
      comparisons: [
        difference('cdp'),
        ...(rows.some((row) => row.id === 'cdp-baseline') ? [difference('cdp-baseline')] : []),
        difference('cdp-wds'),
        difference('cdp-ng'),
        difference('minimal'),
        difference('vite'),
        difference('wds'),
        difference('ng'),
      ],
    };
  },
};
