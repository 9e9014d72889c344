import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { directCallTargets, directCallWarnerCode } from '../../src/browser/direct-call-warner.js';
import { resolveOptions } from '../../src/index.js';

const routes = resolveOptions({
  routes: {
    '/api': 'http://127.0.0.1:8080',
    '/v1': { target: 'http://127.0.0.1:8080/api', rewrite: '' },
    '/slow': { target: 'http://127.0.0.1:8080', rewrite: '/api' },
    '/live': { target: 'ws://127.0.0.1:9000/socket', rewrite: '', ws: true },
  },
}).routes;

/**
 * The warner's browser code run on a stand-in page at http://localhost:5173 (its fetch and XHR record the
 * calls they were given): what it prints, and that every call still goes out unchanged.
 */
function runOnPage(code: string) {
  const printed: { id: string; message: string }[] = [];
  const calls: string[] = [];
  class XMLHttpRequest {
    open(method: string, url: string) {
      calls.push(`xhr ${method} ${url}`);
    }
  }
  const window: Record<string | symbol, unknown> = {
    fetch: (input: string) => {
      calls.push(`fetch ${input}`);
      return Promise.resolve('answer');
    },
    XMLHttpRequest,
  };
  const page = {
    window,
    location: { href: 'http://localhost:5173/orders', origin: 'http://localhost:5173' },
    URL,
    Request: class Request {},
    print: (warning: { id: string; message: string }) => printed.push(warning),
  };
  vm.runInNewContext(code, page);
  return { window, printed, calls };
}

describe('warning about calls past the proxy (direct-call-warner)', () => {
  it('lists each route’s target origin, ws:// as http://, the most specific and identical mapping first', () => {
    const targets = directCallTargets(routes, (prefix, origin) => `base '${prefix}', not '${origin}'`);
    expect(targets.map(({ origin, base, prefix }) => [origin, base, prefix])).toEqual([
      ['http://127.0.0.1:9000', '/socket', '/live'],
      ['http://127.0.0.1:8080', '/api', '/api'],
      ['http://127.0.0.1:8080', '/api', '/slow'],
      ['http://127.0.0.1:8080', '/api', '/v1'],
    ]);
    expect(targets[1]?.fix).toBe("base '/api', not 'http://127.0.0.1:8080'");
    expect(directCallWarnerCode([])).toBe('');
  });

  it('names a call to a target once per origin, with the relative URL and the fix; never changes a call', async () => {
    const { window, printed, calls } = runOnPage(directCallWarnerCode(directCallTargets(routes)));
    const fetch = window.fetch as (input: string, init?: { method: string }) => Promise<unknown>;
    expect(await fetch('http://127.0.0.1:8080/api/orders/42?token=secret', { method: 'post' })).toBe(
      'answer',
    );
    await fetch('http://127.0.0.1:8080/api/other');
    await fetch('/api/orders');
    await fetch('https://elsewhere.example/api');
    new (window.XMLHttpRequest as new () => { open(method: string, url: string): void })().open(
      'GET',
      'http://127.0.0.1:8080/outside',
    );
    expect(calls).toEqual([
      'fetch http://127.0.0.1:8080/api/orders/42?token=secret',
      'fetch http://127.0.0.1:8080/api/other',
      'fetch /api/orders',
      'fetch https://elsewhere.example/api',
      'xhr GET http://127.0.0.1:8080/outside',
    ]);
    // The printer shows each id once: both later calls to 127.0.0.1:8080 carry the same id.
    expect(new Set(printed.map(({ id }) => id))).toEqual(new Set(['direct-call:http://127.0.0.1:8080']));
    expect(printed[0]?.message).toBe(
      "POST http://127.0.0.1:8080/api/orders/42 went to the backend directly, past the proxy: the browser applies CORS to it, and the backend's cookies stay on its own origin. Call it relatively, as '/api/orders/42' (the route '/api' forwards it to http://127.0.0.1:8080): e.g. a base URL of '/api' in the app's config instead of 'http://127.0.0.1:8080'.",
    );
    expect(printed.map(({ message }) => message).join('\n')).not.toContain('secret');
  });

  it('maps the path back through the route and says when no route exposes it', () => {
    const { window, printed } = runOnPage(directCallWarnerCode(directCallTargets(routes)));
    (window.fetch as (input: string) => unknown)('ws://127.0.0.1:9000/socket/feed');
    (window.fetch as (input: string) => unknown)('http://127.0.0.1:9000/metrics');
    expect(printed.map(({ message }) => message)).toEqual([
      expect.stringContaining(
        "Call it relatively, as '/live/feed' (the route '/live' forwards it to http://127.0.0.1:9000)",
      ),
      expect.stringContaining('No route exposes /metrics on http://127.0.0.1:9000; add one to routes'),
    ]);
  });
});
