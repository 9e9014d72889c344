import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProxyLogger } from '../../src/logger.js';
import { createAccessLogBatcher } from '../../src/proxy/access-log-batcher.js';

/** A logger that keeps every line it is handed, one entry per call. */
function recordingLogger() {
  const calls: string[][] = [];
  const logger: ProxyLogger = {
    info: (line) => calls.push([line]),
    infoLines: (lines) => calls.push([...lines]),
    warn: () => undefined,
    error: () => undefined,
  };
  return { logger, calls, lines: () => calls.flat() };
}

/** What the route handler does per request: a line only if admitted. */
function logRequests(batcher: ReturnType<typeof createAccessLogBatcher>, count: number, from = 0) {
  for (let n = from; n < from + count; n += 1) if (batcher.admit()) batcher.add(`GET /api/${n}`);
}

describe('access log batching', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands the lines of one interval to the logger in one call, in order', () => {
    const { logger, calls } = recordingLogger();
    const batcher = createAccessLogBatcher(logger);
    logRequests(batcher, 3);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([['GET /api/0', 'GET /api/1', 'GET /api/2']]);
  });

  it('shows every line below the limit, second after second', () => {
    const { logger, lines } = recordingLogger();
    const batcher = createAccessLogBatcher(logger, { linesPerSecond: 5 });
    for (let second = 0; second < 3; second += 1) {
      logRequests(batcher, 5, second * 5);
      vi.advanceTimersByTime(1_000);
    }
    expect(lines()).toEqual(Array.from({ length: 15 }, (_, n) => `GET /api/${n}`));
  });

  it('past the limit, counts the rest of the second and says how many once that second is over', () => {
    const { logger, lines } = recordingLogger();
    const batcher = createAccessLogBatcher(logger, {
      linesPerSecond: 3,
      elsewhere: 'the dashboard at /__cors-dev-proxy/ lists every one',
    });
    logRequests(batcher, 10);
    vi.advanceTimersByTime(100);
    // The first three appear at once; the count waits for its second to end, with no request after it.
    expect(lines()).toEqual(['GET /api/0', 'GET /api/1', 'GET /api/2']);
    vi.advanceTimersByTime(1_000);
    expect(lines().slice(3)).toEqual([
      '… and 7 more proxied requests in that second, not shown (at most 3 lines a second; the dashboard at /__cors-dev-proxy/ lists every one)',
    ]);
    // A new second shows lines again.
    logRequests(batcher, 2, 10);
    vi.advanceTimersByTime(100);
    expect(lines().slice(4)).toEqual(['GET /api/10', 'GET /api/11']);
    // Nothing more is pending: no timer keeps firing.
    vi.advanceTimersByTime(5_000);
    expect(lines()).toHaveLength(6);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush hands over what is pending, the count of a second not yet over included', () => {
    const { logger, lines } = recordingLogger();
    const batcher = createAccessLogBatcher(logger, { linesPerSecond: 1 });
    logRequests(batcher, 3);
    batcher.flush();
    expect(lines()).toEqual([
      'GET /api/0',
      '… and 2 more proxied requests in that second, not shown (at most 1 line a second)',
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
