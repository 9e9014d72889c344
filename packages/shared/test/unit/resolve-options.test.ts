import { describe, expect, it } from 'vitest';
import { CorsDevProxyError, resolveOptions } from '../../src/index.js';

function errorOf(options: unknown): CorsDevProxyError {
  try {
    resolveOptions(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(CorsDevProxyError);
    return error as CorsDevProxyError;
  }
  throw new Error('expected resolveOptions to throw');
}

describe('resolveOptions', () => {
  it('applies defaults and expands the shorthand', () => {
    const { routes, accessLog } = resolveOptions({ routes: { '/api': 'https://api.example.com' } });
    expect(accessLog).toBe(true);
    expect(routes).toHaveLength(1);
    const [route] = routes;
    expect(route?.prefix).toBe('/api');
    expect(route?.target.origin).toBe('https://api.example.com');
    expect(route).toMatchObject({
      ws: false,
      secure: true,
      timeoutMs: 30_000,
      changeOrigin: true,
      upstreamBase: '/api',
    });
    expect(route?.toUpstreamPath('/api/users?x=1')).toBe('/api/users?x=1');
  });

  it('sorts routes longest prefix first and normalises a trailing slash', () => {
    const { routes } = resolveOptions({
      routes: { '/api/': 'http://a.test', '/api/v2': 'http://b.test', '/': 'http://c.test' },
    });
    expect(routes.map((route) => route.prefix)).toEqual(['/api/v2', '/api', '/']);
  });

  it('maps paths through a string rewrite and a target path', () => {
    const { routes } = resolveOptions({ routes: { '/api': { target: 'http://a.test/v1/', rewrite: '' } } });
    expect(routes[0]?.toUpstreamPath('/api/users?q=1')).toBe('/v1/users?q=1');
    expect(routes[0]?.toUpstreamPath('/api')).toBe('/v1');
    expect(routes[0]?.upstreamBase).toBe('/v1');
  });

  it('never mutates the user object', () => {
    const options = Object.freeze({ routes: Object.freeze({ '/api/': 'http://a.test' }) });
    expect(() => resolveOptions(options)).not.toThrow();
    expect(Object.keys(options.routes)).toEqual(['/api/']);
  });

  // Each bad config must name the option, quote the bad value and show a correct example.
  const badConfigs: { name: string; options: unknown; option: RegExp; value: RegExp; code?: string }[] = [
    {
      name: 'missing target',
      options: { routes: { '/api': {} } },
      option: /routes\["\/api"\]\.target/,
      value: /undefined/,
    },
    {
      name: 'non-URL target',
      options: { routes: { '/api': 'api.example.com' } },
      option: /target/,
      value: /"api\.example\.com"/,
    },
    {
      name: 'ftp target',
      options: { routes: { '/api': 'ftp://x.test' } },
      option: /target/,
      value: /ftp:\/\/x\.test/,
    },
    {
      name: 'prefix without slash',
      options: { routes: { api: 'http://a.test' } },
      option: /routes\["api"\]/,
      value: /"api"/,
    },
    {
      name: 'glob prefix',
      options: { routes: { '/api/*': 'http://a.test' } },
      option: /routes\["\/api\/\*"\]/,
      value: /"\/api\/\*"/,
    },
    {
      name: 'unknown route option',
      options: { routes: { '/api': { target: 'http://a.test', changeOrign: true } } },
      option: /changeOrign/,
      value: /did you mean "changeOrigin"/,
      code: 'CONFIG_UNKNOWN_OPTION',
    },
    {
      name: 'unknown top-level option',
      options: { route: {} },
      option: /route is not an option/,
      value: /did you mean "routes"/,
      code: 'CONFIG_UNKNOWN_OPTION',
    },
    {
      name: 'timeout not a number',
      options: { routes: { '/api': { target: 'http://a.test', timeoutMs: '5s' } } },
      option: /timeoutMs/,
      value: /"5s"/,
    },
    {
      name: 'negative timeout',
      options: { routes: { '/api': { target: 'http://a.test', timeoutMs: -1 } } },
      option: /timeoutMs/,
      value: /-1/,
    },
    {
      name: 'ws not boolean',
      options: { routes: { '/api': { target: 'http://a.test', ws: 'yes' } } },
      option: /\.ws/,
      value: /"yes"/,
    },
    {
      name: 'header value with CRLF',
      options: { routes: { '/api': { target: 'http://a.test', headers: { 'x-a': 'a\r\nx-evil: 1' } } } },
      option: /headers\["x-a"\]/,
      value: /x-evil/,
    },
    {
      name: 'rewrite without slash',
      options: { routes: { '/api': { target: 'http://a.test', rewrite: 'v2' } } },
      option: /rewrite/,
      value: /"v2"/,
    },
    {
      name: 'target with credentials',
      options: { routes: { '/api': 'http://u:p@a.test' } },
      option: /target/,
      value: /u:p@a\.test/,
    },
    { name: 'routes not an object', options: { routes: ['/api'] }, option: /routes/, value: /\["\/api"\]/ },
    {
      name: 'duplicate prefix',
      options: { routes: { '/api': 'http://a.test', '/api/': 'http://b.test' } },
      option: /routes\["\/api\/"\]/,
      value: /same prefix/,
    },
    { name: 'accessLog not boolean', options: { accessLog: 1 }, option: /accessLog/, value: /1/ },
  ];

  for (const bad of badConfigs) {
    it(`rejects ${bad.name} with an actionable message`, () => {
      const error = errorOf(bad.options);
      expect(error.code).toBe(bad.code ?? 'CONFIG_INVALID');
      expect(error.message).toMatch(/^\[cors-dev-proxy\] /);
      expect(error.message).toMatch(bad.option);
      expect(error.message).toMatch(bad.value);
      // The fix: every message ends with a correct example.
      expect(error.message).toMatch(/(for example|For example):\n {4}\S/);
    });
  }
});
