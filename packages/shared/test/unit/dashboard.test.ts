import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeExchange, routeSecretNames, summarizeExchange } from '../../src/dashboard/dashboard-data.js';
import { createDashboardFeed, type FeedBatch } from '../../src/dashboard/dashboard-feed.js';
import { createRequestRing, type ExchangeRecord } from '../../src/dashboard/request-ring.js';
import { createRouteStates } from '../../src/dashboard/route-states.js';
import { resolveOptions } from '../../src/index.js';
import { redactHeaders, redactHeaderValue } from '../../src/redact.js';

let nextId = 1;
const record = (overrides: Partial<ExchangeRecord> = {}): ExchangeRecord => ({
  id: nextId++,
  time: 0,
  startedAt: 0,
  method: 'GET',
  localUrl: '/api/orders?token=abc',
  route: '/api',
  upstreamOrigin: 'http://127.0.0.1:9',
  upstreamPath: '/api/orders?token=abc',
  browserHeaders: {},
  upstreamHeaders: {},
  kind: 'http',
  status: undefined,
  receivedHeaders: undefined,
  sentHeaders: undefined,
  cookies: undefined,
  connectMs: undefined,
  firstByteMs: undefined,
  totalMs: undefined,
  bytes: 0,
  failure: undefined,
  open: false,
  ...overrides,
});

describe('the request ring', () => {
  it('keeps the newest `capacity` records, newest first, and finds them by id', () => {
    const ring = createRequestRing(3);
    const records = Array.from({ length: 5 }, (_, index) => record({ id: index + 1 }));
    for (const item of records) ring.add(item);
    expect(ring.list().map((item) => item.id)).toEqual([5, 4, 3]);
    expect(ring.get(5)).toBe(records[4]);
    expect(ring.get(3)).toBe(records[2]);
    // Overwritten, never seen, or not an id at all.
    for (const id of [1, 2, 6, 0, -1, Number.NaN, 2.5]) expect(ring.get(id)).toBeUndefined();
  });

  it('lets the headers of all but the newest `detailCapacity` go, so they die young', () => {
    const ring = createRequestRing(5, 2);
    const records = Array.from({ length: 4 }, (_, index) =>
      record({ id: index + 1, browserHeaders: { a: '1' }, upstreamHeaders: { a: '1' }, sentHeaders: {} }),
    );
    for (const item of records) ring.add(item);
    expect(records.map((item) => item.upstreamHeaders !== undefined)).toEqual([false, false, true, true]);
    expect(records.map((item) => item.browserHeaders !== undefined)).toEqual([false, false, true, true]);
    // The summary stays for the whole ring.
    expect(ring.list().map((item) => item.id)).toEqual([4, 3, 2, 1]);
  });

  it('stays bounded however many requests pass', () => {
    const ring = createRequestRing(1000);
    for (let id = 1; id <= 25_000; id++) ring.add(record({ id }));
    const list = ring.list();
    expect(list).toHaveLength(1000);
    expect(list[0]?.id).toBe(25_000);
    expect(list.at(-1)?.id).toBe(24_001);
  });
});

describe('redaction', () => {
  it('hides credentials, cookie values and queries, and keeps what the rewrites are about', () => {
    expect(redactHeaderValue('Authorization', 'Bearer eyJhbGciOi')).toBe('Bearer …');
    expect(redactHeaderValue('cookie', 'session=s3cr3t; theme=dark')).toBe('session=…; theme=…');
    expect(redactHeaderValue('set-cookie', 'sid=s3cr3t; Domain=localhost; Path=/; SameSite=Lax')).toBe(
      'sid=…; Domain=localhost; Path=/; SameSite=Lax',
    );
    expect(redactHeaderValue('x-auth-token', 'abc')).toBe('…');
    expect(redactHeaderValue('x-csrf-token', 'abc')).toBe('…');
    expect(redactHeaderValue('x-api-key', 'abc')).toBe('…');
    expect(redactHeaderValue('location', 'http://localhost:5173/cb?code=oauth-code')).toBe(
      'http://localhost:5173/cb?…',
    );
    expect(redactHeaderValue('link', '</api/p?page=2&key=k>; rel="next"')).toBe('</api/p?…>; rel="next"');
    expect(redactHeaderValue('content-type', 'application/json')).toBe('application/json');
    // A route's `headers` usually carry an API key under a name of the user's choosing.
    expect(redactHeaderValue('x-team', 'secret-value', new Set(['x-team']))).toBe('…');
  });

  it('lists repeated headers one line each, and leaves out HTTP/2 pseudo-headers', () => {
    expect(redactHeaders({ ':authority': 'x', 'set-cookie': ['a=1', 'b=2; Path=/'], accept: '*/*' })).toEqual(
      [
        ['set-cookie', 'a=…'],
        ['set-cookie', 'b=…; Path=/'],
        ['accept', '*/*'],
      ],
    );
  });

  it('shows a record with its query elided and its secrets hidden', () => {
    const options = resolveOptions({
      routes: { '/api': { target: 'http://127.0.0.1:9', headers: { 'x-team': 'key-123' } } },
    });
    const item = record({
      browserHeaders: { cookie: 'sid=s3cr3t', origin: 'http://localhost:5173' },
      upstreamHeaders: { 'x-team': 'key-123', origin: 'http://127.0.0.1:9' },
      receivedHeaders: { 'set-cookie': ['sid=new; Domain=api.example.com'] },
      sentHeaders: { 'set-cookie': ['sid=new'] },
      status: 200,
    });
    const summary = summarizeExchange(item);
    expect(summary.path).toBe('/api/orders?…');
    expect(summary.upstream).toBe('http://127.0.0.1:9/api/orders?…');
    const detail = JSON.stringify(describeExchange(item, routeSecretNames(options.routes)));
    for (const secret of ['s3cr3t', 'key-123', 'token=abc', 'sid=new']) expect(detail).not.toContain(secret);
    expect(detail).toContain('Domain=api.example.com');
  });
});

describe('the live feed', () => {
  afterEach(() => vi.useRealTimers());

  it('collects nothing while no page listens', () => {
    vi.useFakeTimers();
    const feed = createDashboardFeed();
    for (let index = 0; index < 1000; index++) feed.changed(record());
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a burst into a few capped batches a second, newest first', () => {
    vi.useFakeTimers();
    const feed = createDashboardFeed({ intervalMs: 150, maxRecords: 200 });
    const batches: FeedBatch[] = [];
    feed.subscribe((batch) => batches.push(batch));
    // 5,000 requests within one second, each changed twice (answered, then finished).
    const burst = Array.from({ length: 5000 }, () => record());
    for (let tick = 0; tick < 10; tick++) {
      for (const item of burst.slice(tick * 500, tick * 500 + 500)) {
        feed.changed(item);
        feed.changed(item);
      }
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(1000);
    expect(batches.length).toBeLessThanOrEqual(8);
    for (const batch of batches) {
      expect(batch.records.length).toBeLessThanOrEqual(200);
      const ids = batch.records.map((item) => item.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    }
    // The newest request always makes it; what was left out is counted, so the page reloads instead.
    expect(batches.at(-1)?.records[0]).toBe(burst.at(-1));
    expect(batches.reduce((sum, batch) => sum + batch.records.length + batch.dropped, 0)).toBe(5000);
  });

  it('stops its timer when the last page leaves', () => {
    vi.useFakeTimers();
    const feed = createDashboardFeed();
    const stop = feed.subscribe(() => undefined);
    feed.changed(record());
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('route states', () => {
  it('goes unknown → starting → up → down, with the diagnosis and since when', () => {
    let now = 1000;
    const changes: string[] = [];
    const states = createRouteStates(
      ['/api'],
      () => changes.push('change'),
      () => now,
    );
    expect(states.list()[0]).toMatchObject({ state: 'unknown', since: 1000 });
    now = 2000;
    states.starting('/api');
    now = 3000;
    states.up('/api');
    states.up('/api');
    expect(states.list()[0]).toMatchObject({ state: 'up', since: 3000 });
    now = 4000;
    const diagnosis = { kind: 'refused', code: 'ECONNREFUSED', cause: 'refused', hint: 'start it' };
    states.down('/api', diagnosis);
    now = 5000;
    states.down('/api', diagnosis);
    expect(states.list()[0]).toEqual({ prefix: '/api', state: 'down', since: 4000, diagnosis });
    // An up route costs one comparison per response: no change reported.
    expect(changes).toHaveLength(4);
  });
});
