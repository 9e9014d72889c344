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
    const { routes, accessLog, dashboard } = resolveOptions({
      routes: { '/api': 'https://api.example.com' },
    });
    expect(accessLog).toBe(true);
    expect(dashboard).toBe(true);
    expect(resolveOptions({ dashboard: false }).dashboard).toBe(false);
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
    {
      name: 'retryConnectMs negative',
      options: { routes: { '/api': { target: 'http://a.test', retryConnectMs: -5 } } },
      option: /retryConnectMs/,
      value: /-5/,
    },
    {
      name: 'secure not boolean',
      options: { routes: { '/api': { target: 'http://a.test', secure: 'no' } } },
      option: /\.secure/,
      value: /"no"/,
    },
    {
      name: 'changeOrigin not boolean',
      options: { routes: { '/api': { target: 'http://a.test', changeOrigin: 1 } } },
      option: /changeOrigin/,
      value: /1/,
    },
    {
      name: 'ca of the wrong type',
      options: { routes: { '/api': { target: 'https://a.test', ca: 42 } } },
      option: /\.ca/,
      value: /42/,
    },
    {
      name: 'headers not an object',
      options: { routes: { '/api': { target: 'http://a.test', headers: 'x-a: 1' } } },
      option: /headers/,
      value: /"x-a: 1"/,
    },
    {
      name: 'header name not a token',
      options: { routes: { '/api': { target: 'http://a.test', headers: { 'bad name': 'x' } } } },
      option: /headers/,
      value: /"bad name"/,
    },
    {
      name: 'mode unknown',
      options: { mode: 'strict' },
      option: /^\[cors-dev-proxy\] mode /,
      value: /"strict"/,
    },
    {
      name: 'production origin with a path',
      options: { routes: { '/api': 'http://a.test' }, production: { origin: 'https://app.example.com/app' } },
      option: /production\.origin/,
      value: /"https:\/\/app\.example\.com\/app"/,
    },
    {
      name: 'production target for no route',
      options: {
        routes: { '/api': 'http://a.test' },
        production: { origin: 'https://app.example.com', targets: { '/auth': 'https://id.example.com' } },
      },
      option: /production\.targets\["\/auth"\]/,
      value: /names no route/,
    },
    {
      name: 'production credentials unknown',
      options: {
        routes: { '/api': 'http://a.test' },
        production: { origin: 'https://app.example.com', credentials: 'always' },
      },
      option: /production\.credentials/,
      value: /"always"/,
    },
    {
      name: 'production framework unknown',
      options: {
        routes: { '/api': 'http://a.test' },
        production: { origin: 'https://app.example.com', framework: 'rails' },
      },
      option: /production\.framework/,
      value: /"rails"/,
    },
    {
      name: 'failOnProductionCors not boolean',
      options: { failOnProductionCors: 'yes' },
      option: /failOnProductionCors/,
      value: /"yes"/,
    },
    {
      name: 'dashboard not boolean',
      options: { dashboard: 'off' },
      option: /options\.dashboard/,
      value: /"off"/,
    },
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

describe('examples in errors follow how the host writes options', () => {
  it('shows the config file by default, and the host’s own form when it gives one', () => {
    expect(() => resolveOptions({ rotues: {} } as never)).toThrow(
      "defineConfig({ routes: { '/api': 'https://api.example.com' } })   // cors-dev-proxy.config.ts",
    );
    expect(() =>
      resolveOptions({ rotues: {} } as never, { example: (literal) => `withCorsDevProxy(${literal})` }),
    ).toThrow("withCorsDevProxy({ routes: { '/api': 'https://api.example.com' } })");
  });
});

/** The suggestion line of a config error (the option to write instead). */
const suggestionOf = (options: unknown) => errorOf(options).message.split('\n').at(-1)?.trim();

describe("other proxies' forms get the equivalent built from the user's own values", () => {
  const target = 'http://localhost:3000';

  it('a ^ regular-expression key suggests the prefix it anchors, which matches what it meant', () => {
    for (const key of ['^/api/.*', '^/api', '^/api/', '^/api(/.*)?']) {
      expect(suggestionOf({ routes: { [key]: target } }), key).toBe(`routes: { '/api': '${target}' }`);
    }
    expect(errorOf({ routes: { '^/api/.*': target } }).message).toContain('not a regular expression');
    // Not one prefix: no guess that would match something else.
    expect(suggestionOf({ routes: { '^/(a|b)': target } })).toBe(`routes: { '/api': '${target}' }`);
  });

  it('a glob key suggests its prefix', () => {
    expect(suggestionOf({ routes: { '/api/**': target } })).toBe(`routes: { '/api': '${target}' }`);
    expect(suggestionOf({ routes: { '/v1/*': { target } } })).toBe(`routes: { '/v1': '${target}' }`);
  });

  it("ws: 'true' suggests the boolean it spells", () => {
    expect(suggestionOf({ routes: { '/api': { target, ws: 'true' } } })).toBe('ws: true');
    expect(suggestionOf({ routes: { '/api': { target, secure: 'false' } } })).toBe('secure: false');
    expect(suggestionOf({ routes: { '/api': { target, ws: 1 } } })).toBe('ws: false');
  });

  it('pathRewrite is recognised and shown as the rewrite that does the same', () => {
    expect(suggestionOf({ routes: { '/api': { target, pathRewrite: { '^/api': '' } } } })).toBe(
      `routes: { '/api': { target: '${target}', rewrite: '' } }`,
    );
    expect(suggestionOf({ routes: { '/api': { target, pathRewrite: { '^/api/': '/v2' } } } })).toBe(
      `routes: { '/api': { target: '${target}', rewrite: '/v2' } }`,
    );
    // A rule that is more than the prefix: a function doing the same replacement.
    const general = suggestionOf({ routes: { '/api': { target, pathRewrite: { '/old/': '/new/' } } } });
    const source = /rewrite: (.*) \} \}$/.exec(general ?? '')?.[1];
    const rewrite = new Function(`return ${source}`)() as (path: string) => string;
    expect(rewrite('/api/old/x?q=1')).toBe('/api/new/x?q=1');
  });

  it("webpack-dev-server's array of { context, target } becomes the routes object of its own entries", () => {
    expect(
      suggestionOf({
        routes: [
          { context: ['/api', '/auth'], target },
          { context: '/ws/**', target: 'http://localhost:4000', ws: true },
        ],
      }),
    ).toBe(`routes: { '/api': '${target}', '/auth': '${target}', '/ws': 'http://localhost:4000' }`);
    // An entry that is not that simple (a function context): the generic example, not a wrong guess.
    expect(suggestionOf({ routes: [{ context: () => true, target }] })).toBe(
      "routes: { '/api': 'https://api.example.com' }",
    );
  });
});

describe('production.targets: false, a route that does not exist in production', () => {
  it('is dev-only: no production target, nothing to audit', () => {
    const { production } = resolveOptions({
      routes: { '/api': 'http://127.0.0.1:3000', '/mock': 'http://127.0.0.1:4000' },
      production: { origin: 'https://app.example.com', targets: { '/mock': false } },
    });
    expect([...(production?.devOnlyRoutes ?? [])]).toEqual(['/mock']);
    expect(production?.targets.has('/mock')).toBe(false);
    expect(production?.targets.get('/api')?.href).toBe('http://127.0.0.1:3000/');
  });

  it('names the choice in the error for a bad target', () => {
    expect(
      errorOf({
        routes: { '/api': 'http://127.0.0.1:3000' },
        production: { origin: 'https://app.example.com', targets: { '/api': true } },
      }).message,
    ).toContain('or false for a route that does not exist in production');
  });
});
