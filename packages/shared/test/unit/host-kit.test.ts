import fs from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  adoptHttpProxyMiddleware,
  adoptViteProxy,
  allowedHostsRule,
  createHostLogger,
  hostSocketMatcher,
  resolveHostOptions,
} from '../../src/host/index.js';
import { resolveOptions } from '../../src/index.js';

/** The upstream path a route sends for a local path, after validation (what the proxy really does). */
function upstreamPathOf(routes: Record<string, unknown>, prefix: string, path: string): string {
  const route = resolveOptions({ routes: routes as never }).routes.find((entry) => entry.prefix === prefix);
  if (!route) throw new Error(`no route ${prefix}`);
  return route.toUpstreamPath(path);
}

describe('adopting http-proxy-middleware entries (webpack-dev-server, Angular proxy.conf.json)', () => {
  it('reads webpack-dev-server’s array: context or pathFilter lists, one route per path', () => {
    const { routes, skipped } = adoptHttpProxyMiddleware(
      [
        { context: ['/api', '/auth'], target: 'http://127.0.0.1:3000', changeOrigin: true, secure: false },
        { pathFilter: '/ws', target: 'ws://127.0.0.1:3001', ws: true },
      ],
      'webpack-dev-server',
    );
    expect(skipped).toEqual([]);
    expect(routes).toEqual({
      '/api': { target: 'http://127.0.0.1:3000', secure: false },
      '/auth': { target: 'http://127.0.0.1:3000', secure: false },
      '/ws': { target: 'ws://127.0.0.1:3001', ws: true },
    });
  });

  it('reads Angular’s object keyed by path, "/**" globs included, and drops what we do ourselves', () => {
    const { routes, skipped } = adoptHttpProxyMiddleware(
      {
        '/api/**': { target: 'http://127.0.0.1:3000', logLevel: 'debug', cookieDomainRewrite: 'localhost' },
        '/static': 'http://127.0.0.1:3002',
      },
      'Angular',
    );
    expect(skipped).toEqual([]);
    expect(routes).toEqual({
      '/api': { target: 'http://127.0.0.1:3000' },
      '/static': { target: 'http://127.0.0.1:3002' },
    });
  });

  it('keeps http-proxy-middleware’s meaning of pathRewrite: first matching regex, replaced once', () => {
    // Both proxies use the first entry that matches; a duplicate prefix does not replace it.
    const duplicate = adoptHttpProxyMiddleware(
      { '/api': 'http://first.test', '/api/**': 'http://second.test' },
      'Angular',
    );
    expect(duplicate.routes).toEqual({ '/api': { target: 'http://first.test' } });
    expect(duplicate.skipped).toEqual([]);

    const strip = adoptHttpProxyMiddleware(
      [{ context: ['/api'], target: 'http://a.test', pathRewrite: { '^/api': '' } }],
      'x',
    );
    expect(strip.routes['/api']).toEqual({ target: 'http://a.test', rewrite: '' });
    expect(upstreamPathOf(strip.routes, '/api', '/api/users?x=1')).toBe('/users?x=1');

    const general = adoptHttpProxyMiddleware(
      [
        {
          context: ['/api'],
          target: 'http://a.test',
          pathRewrite: { '^/api/v1': '/v2', '/old/': '/new/', '^/api': '/base' },
        },
      ],
      'x',
    );
    expect(upstreamPathOf(general.routes, '/api', '/api/v1/users')).toBe('/v2/users');
    // Only the first matching rule applies (http-proxy-middleware breaks after one).
    expect(upstreamPathOf(general.routes, '/api', '/api/old/x')).toBe('/api/new/x');
    expect(upstreamPathOf(general.routes, '/api', '/api/other')).toBe('/base/other');
  });

  it('adopts a router keyed by paths as more routes, and leaves one keyed by hosts to the host', () => {
    const { routes, skipped, served } = adoptHttpProxyMiddleware(
      [
        {
          context: ['/api'],
          target: 'http://a.test',
          router: { '/api/v2': 'http://b.test' },
          pathRewrite: { '^/api': '' },
        },
        { context: ['/r'], target: 'http://a.test', router: { 'dev.localhost:3000': 'http://c.test' } },
        // A path outside the entry's context never reaches its router: not a route of this entry.
        { context: ['/s'], target: 'http://a.test', router: { '/other': 'http://c.test' } },
      ],
      'webpack-dev-server',
    );
    expect(routes).toEqual({
      '/api': { target: 'http://a.test', rewrite: '' },
      '/api/v2': { target: 'http://b.test', rewrite: expect.any(Function) },
    });
    expect(upstreamPathOf(routes, '/api/v2', '/api/v2/users')).toBe('/v2/users');
    expect(skipped.map(({ key }) => key)).toEqual(['/r', '/s']);
    expect(served).toEqual([0]);
  });

  it('names the entries it serves whole, so the host can take them out of its own proxy', () => {
    const { served } = adoptHttpProxyMiddleware(
      [
        { context: ['/api', '/auth/**'], target: 'http://a.test' },
        { context: ['/x'], target: 'http://a.test', bypass: () => undefined },
        { context: '/files', target: 'http://b.test', pathRewrite: { '^/files': '' } },
        // An invalid pathRewrite keeps the entry with the host: not served.
        { context: ['/ok'], target: 'http://a.test', pathRewrite: { '(': '' } },
      ],
      'webpack-dev-server',
    );
    expect(served).toEqual([0, 2]);
  });

  it('leaves to the host what it cannot express, naming the reason and the routes entry to write instead', () => {
    const { routes, skipped } = adoptHttpProxyMiddleware(
      [
        { context: ['/api'], target: 'http://a.test', bypass: () => undefined },
        { context: (path: string) => path.startsWith('/x'), target: 'http://a.test' },
        { context: ['!/api/private/**'], target: 'http://a.test' },
        { context: ['/r'], target: 'http://a.test', router: { 'dev.localhost': 'http://b.test' } },
        { context: ['/f'], target: 'http://a.test', pathRewrite: (path: string) => path },
        { context: ['/bad'], target: 'http://a.test', pathRewrite: { '(': '' } },
      ],
      'webpack-dev-server',
    );
    expect(routes).toEqual({});
    expect(skipped.map(({ key, reason, equivalent }) => [key, reason, equivalent])).toEqual([
      [
        '/api',
        "it uses `bypass`, which only webpack-dev-server's own proxy understands",
        "routes: { '/api': 'http://a.test' }",
      ],
      ['[1]', '`context`/`pathFilter` is a function or missing, not a list of paths', undefined],
      [
        '!/api/private/**',
        '"!/api/private/**" is not a path prefix (only "/path" and "/path/**" are)',
        undefined,
      ],
      [
        '/r',
        "it uses `router`, which only webpack-dev-server's own proxy understands",
        "routes: { '/r': 'http://a.test' }",
      ],
      [
        '/f',
        '`pathRewrite` is a function of the request, not of the path alone',
        "routes: { '/f': { target: 'http://a.test', rewrite: '' } }",
      ],
      ['/bad', expect.stringContaining('`pathRewrite` has an invalid regular expression'), undefined],
    ]);
  });

  it('reads Angular’s proxy.conf.json: "^" keys and other globs stay with Angular, named, with the route to write', () => {
    const { routes, skipped, served } = adoptHttpProxyMiddleware(
      {
        '/api/**': { target: 'http://a.test', pathRewrite: { '^/api': '' } },
        '^/legacy': 'http://b.test',
        '^/old/.*': { target: 'http://b.test', secure: false },
        '^/(x|y)': 'http://b.test',
        '/assets/*.json': 'http://c.test',
      },
      'Angular',
    );
    expect(routes).toEqual({ '/api': { target: 'http://a.test', rewrite: '' } });
    expect(served).toEqual([0]);
    expect(skipped.map(({ key, reason, equivalent }) => [key, reason, equivalent])).toEqual([
      [
        '^/legacy',
        `"^/legacy" is a regular expression (Angular's proxy reads "^" keys so), not a path prefix`,
        "routes: { '/legacy': 'http://b.test' }",
      ],
      [
        '^/old/.*',
        `"^/old/.*" is a regular expression (Angular's proxy reads "^" keys so), not a path prefix`,
        "routes: { '/old': 'http://b.test' }",
      ],
      ['^/(x|y)', expect.stringContaining('is a regular expression'), undefined],
      [
        '/assets/*.json',
        '"/assets/*.json" is not a path prefix (only "/path" and "/path/**" are)',
        undefined,
      ],
    ]);
    // The array form with `context`, as Angular also reads it, keeps pathRewrite's meaning.
    const array = adoptHttpProxyMiddleware(
      [{ context: ['/api', '/auth'], target: 'http://a.test', pathRewrite: { '^/api/v1': '/v2' } }],
      'Angular',
    );
    expect(upstreamPathOf(array.routes, '/api', '/api/v1/users')).toBe('/v2/users');
    expect(upstreamPathOf(array.routes, '/auth', '/auth/login')).toBe('/auth/login');
  });

  it('finds overlaps of "^" keys and globs as Angular’s proxy matches them (regular expressions)', () => {
    const { matchers } = adoptHttpProxyMiddleware(
      {
        '^/api': 'http://a.test',
        '^/ws/.*': 'http://a.test',
        '/assets/*.json': 'http://a.test',
        '/**/*.map': 'http://a.test',
        '!/private/**': 'http://a.test',
      },
      'Angular',
    );
    const overlapping = (prefix: string) => matchers.filter((m) => m.overlaps(prefix)).map((m) => m.key);
    // '^/api' is startsWith: it catches /apix too, and everything under /api.
    expect(overlapping('/api')).toEqual(['^/api', '/**/*.map']);
    expect(overlapping('/apix')).toEqual(['^/api', '/**/*.map']);
    expect(overlapping('/ws')).toEqual(['^/ws/.*', '/**/*.map']);
    expect(overlapping('/assets')).toEqual(['/assets/*.json', '/**/*.map']);
    expect(overlapping('/assetsx')).toEqual(['/**/*.map']);
  });

  it('reports which entries overlap a prefix, as http-proxy-middleware matches (startsWith)', () => {
    const { matchers } = adoptHttpProxyMiddleware(
      [{ context: ['/ap', '/other/**'], target: 'http://a.test' }],
      'x',
    );
    const overlapping = (prefix: string) => matchers.filter((m) => m.overlaps(prefix)).map((m) => m.key);
    // '/ap' catches /api/… too; it catches nothing under the segment prefix /a.
    expect(overlapping('/api')).toEqual(['/ap']);
    expect(overlapping('/a')).toEqual([]);
    expect(overlapping('/other/deep')).toEqual(['/other/**']);
    expect(overlapping('/')).toEqual(['/ap', '/other/**']);
  });
});

describe('adopting Vite’s server.proxy', () => {
  it('suggests the prefix route for a simple anchored regex key', () => {
    const { skipped } = adoptViteProxy(
      { '^/legacy/.*': 'http://a.test', '^/(a|b)': 'http://a.test' },
      'Vite',
    );
    expect(skipped.map(({ key, equivalent }) => [key, equivalent])).toEqual([
      ['^/legacy/.*', "routes: { '/legacy': 'http://a.test' }"],
      ['^/(a|b)', undefined],
    ]);
  });
});

describe('allowed hosts rule', () => {
  it('follows Vite’s and webpack-dev-server’s semantics', () => {
    const rule = allowedHostsRule(['dev.example.test', '.corp.test']);
    expect(
      [
        'localhost',
        'app.localhost',
        '127.0.0.1',
        '[::1]',
        'dev.example.test',
        'corp.test',
        'a.b.corp.test',
      ].map(rule),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(['evil.test', 'dev.example.test.evil', 'xcorp.test'].map(rule)).toEqual([false, false, false]);
    expect(allowedHostsRule('auto')('evil.test')).toBe(false);
    expect(allowedHostsRule(undefined)('evil.test')).toBe(false);
    expect(allowedHostsRule('all')('evil.test')).toBe(true);
    expect(allowedHostsRule(true)('evil.test')).toBe(true);
  });
});

describe('host sockets', () => {
  const upgrade = (url: string, protocol?: string) =>
    ({ url, headers: protocol ? { 'sec-websocket-protocol': protocol } : {} }) as unknown as IncomingMessage;

  it('recognises the host’s HMR sockets by subprotocol or path, nothing else', () => {
    const isHost = hostSocketMatcher({ subprotocols: ['vite-hmr'], paths: ['/ws'] });
    expect(isHost(upgrade('/', 'vite-hmr'))).toBe(true);
    expect(isHost(upgrade('/', 'graphql-ws, vite-hmr'))).toBe(true);
    expect(isHost(upgrade('/ws?token=1'))).toBe(true);
    expect(isHost(upgrade('/ws/chat'))).toBe(false);
    expect(isHost(upgrade('/api/ws', 'graphql-ws'))).toBe(false);
  });
});

describe('host logger', () => {
  /** A host sink that records each call as `<level letter> <message>`. */
  function recordingSink() {
    const lines: string[] = [];
    const record = (level: string) => (m: string) => lines.push(`${level} ${m}`);
    return { lines, sink: { info: record('i'), warn: record('w'), error: record('e') }, record };
  }

  it('prefixes each line unless the host names the source itself', () => {
    const { lines, sink } = recordingSink();
    createHostLogger(sink).warn('a');
    createHostLogger(sink, { prefix: false }).info('b');
    createHostLogger(sink).infoLines?.(['c', 'd']);
    createHostLogger(sink, { prefix: false }).infoLines?.(['e', 'f']);
    expect(lines).toEqual([
      'w [cors-dev-proxy] a',
      'i b',
      'i [cors-dev-proxy] c\n[cors-dev-proxy] d',
      // The host names the first line itself (webpack: `<i> [cors-dev-proxy] e`), not the ones after it.
      'i e\n[cors-dev-proxy] f',
    ]);
  });

  it("prints start-up lines through the host's own start-up call, else as info", () => {
    const { lines, sink, record } = recordingSink();
    createHostLogger({ ...sink, notice: record('n') }).notice?.('a');
    createHostLogger(sink).notice?.('b');
    expect(lines).toEqual(['n [cors-dev-proxy] a', 'i [cors-dev-proxy] b']);
  });
});

describe('a config file the user named (configFile)', () => {
  it('is read instead of cors-dev-proxy.config.*, and must exist', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-kit-'));
    try {
      await fs.writeFile(
        path.join(root, 'cors-dev-proxy.config.json'),
        JSON.stringify({ routes: { '/default': 'http://127.0.0.1:1' } }),
      );
      await fs.mkdir(path.join(root, 'config'));
      await fs.writeFile(
        path.join(root, 'config', 'proxy.json'),
        JSON.stringify({ routes: { '/named': 'http://127.0.0.1:2' } }),
      );
      const named = await resolveHostOptions({
        inline: undefined,
        root,
        host: 'Angular',
        configFile: 'config/proxy.json',
      });
      expect(Object.keys(named.options.routes ?? {})).toEqual(['/named']);
      expect(named.notes).toEqual([`using ${path.join(root, 'config', 'proxy.json')}.`]);
      await expect(
        resolveHostOptions({ inline: undefined, root, host: 'Angular', configFile: 'missing.json' }),
      ).rejects.toThrow(/missing\.json does not exist/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
