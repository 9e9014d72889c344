import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { convertProxyConfig } from '../../src/ng-add/convert-proxy-config.js';
import { type NgAddInput, type NgAddResult, planNgAdd } from '../../src/ng-add/update-workspace.js';

/** angular.json as `ng new my-app` (Angular 21 and 22) writes it, with a proxyConfig added to serve. */
function ngNewWorkspace(serve: Record<string, unknown> = {}, build: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      $schema: './node_modules/@angular/cli/lib/config/schema.json',
      version: 1,
      newProjectRoot: 'projects',
      projects: {
        'my-app': {
          projectType: 'application',
          root: '',
          sourceRoot: 'src',
          prefix: 'app',
          architect: {
            build: {
              builder: '@angular/build:application',
              options: { browser: 'src/main.ts', tsConfig: 'tsconfig.app.json' },
              configurations: {
                production: { outputHashing: 'all' },
                development: { optimization: false, extractLicenses: false, sourceMap: true },
              },
              defaultConfiguration: 'production',
              ...build,
            },
            serve: {
              builder: '@angular/build:dev-server',
              configurations: {
                production: { buildTarget: 'my-app:build:production' },
                development: { buildTarget: 'my-app:build:development' },
              },
              defaultConfiguration: 'development',
              ...serve,
            },
            test: { builder: '@angular/build:unit-test' },
          },
        },
      },
    },
    null,
    2,
  )}\n`;
}

function run(workspace: string, files: Record<string, string> = {}, extra: Partial<NgAddInput> = {}) {
  return planNgAdd({ workspace, readFile: (file) => files[file], ...extra });
}

/** angular.json (and the files) after a run, and a second run over them. */
function runTwice(workspace: string, files: Record<string, string> = {}) {
  const first = run(workspace, files);
  const after = { ...files, ...Object.fromEntries(first.files) };
  const angularJson = after['angular.json'] ?? workspace;
  const second = run(angularJson, after);
  return { first, second, after, json: parse(angularJson) as Workspace };
}

interface Workspace {
  projects: Record<
    string,
    {
      architect: Record<
        string,
        {
          builder: string;
          options?: Record<string, unknown>;
          configurations?: Record<string, Record<string, unknown>>;
        }
      >;
    }
  >;
}
const targetsOf = (json: Workspace, project = 'my-app') => json.projects[project]?.architect ?? {};

function expectNoChange(second: NgAddResult) {
  expect(second.files.size).toBe(0);
  expect(second.changes).toEqual([]);
}

describe('ng add: the builders', () => {
  it('moves serve and build of a new app to ours, leaves other targets, and a second run changes nothing', () => {
    const { first, second, json } = runTwice(ngNewWorkspace());
    const targets = targetsOf(json);
    expect(targets.build?.builder).toBe('@cors-dev-proxy/angular:application');
    expect(targets.serve?.builder).toBe('@cors-dev-proxy/angular:dev-server');
    expect(targets.test?.builder).toBe('@angular/build:unit-test');
    expect(first.changes).toEqual([
      'build: builder @angular/build:application → @cors-dev-proxy/angular:application',
      'serve: builder @angular/build:dev-server → @cors-dev-proxy/angular:dev-server',
    ]);
    expectNoChange(second);
    expect(second.notes).toEqual([]);
  });

  it("switches @angular-devkit/build-angular's dev-server and application (an alias of Angular's) too", () => {
    const workspace = ngNewWorkspace(
      { builder: '@angular-devkit/build-angular:dev-server' },
      { builder: '@angular-devkit/build-angular:application' },
    );
    const { first, json } = runTwice(workspace);
    expect(targetsOf(json).serve?.builder).toBe('@cors-dev-proxy/angular:dev-server');
    expect(targetsOf(json).build?.builder).toBe('@cors-dev-proxy/angular:application');
    expect(first.changes[1]).toContain(
      'the deprecated @angular-devkit/build-angular:dev-server delegates to',
    );
  });

  it('leaves a dev server whose build is webpack (`:browser`) and says why', () => {
    const workspace = ngNewWorkspace(
      { builder: '@angular-devkit/build-angular:dev-server' },
      { builder: '@angular-devkit/build-angular:browser' },
    );
    const { first, json } = runTwice(workspace);
    expect(targetsOf(json).serve?.builder).toBe('@angular-devkit/build-angular:dev-server');
    expect(first.changes).toEqual([]);
    expect(first.notes[0]).toMatch(
      /serve: left on @angular-devkit\/build-angular:dev-server: its build target uses @angular-devkit\/build-angular:browser.*use-application-builder/,
    );
  });

  it('keeps the comments and layout of angular.json', () => {
    const workspace = ngNewWorkspace().replace(
      '"projects": {',
      '// the apps of this workspace\n  "projects": {',
    );
    const result = run(workspace);
    const written = result.files.get('angular.json') ?? '';
    expect(written).toContain('// the apps of this workspace');
    expect(written.split('\n').length).toBe(workspace.split('\n').length);
  });

  it('picks the project from --project, else the only application, and names the choices when it cannot', () => {
    const two = JSON.stringify({
      version: 1,
      projects: {
        site: { projectType: 'application', root: '', architect: {} },
        admin: { projectType: 'application', root: 'projects/admin', architect: {} },
        lib: { projectType: 'library', root: 'projects/lib', architect: {} },
      },
    });
    expect(run(two, {}, { project: 'admin' }).project).toBe('admin');
    expect(() => run(two)).toThrow(/several projects \('site', 'admin', 'lib'\).*\n.*--project site/);
    expect(() => run(two, {}, { project: 'shop' })).toThrow(/no project 'shop'.*\n.*'site', 'admin', 'lib'/);
  });
});

describe('ng add: proxy.conf.json into corsDevProxy', () => {
  it('converts an object keyed by path, removes proxyConfig when every entry converted, and stops there', () => {
    const proxy = JSON.stringify({
      '/api': { target: 'http://localhost:3000', secure: false, changeOrigin: true, logLevel: 'debug' },
      '/auth/**': { target: 'https://id.example.com', pathRewrite: { '^/auth': '' } },
      '/socket': { target: 'ws://localhost:3001', ws: true },
    });
    const { first, second, json, after } = runTwice(
      ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } }),
      { 'proxy.conf.json': proxy },
    );
    const options = targetsOf(json).serve?.options;
    expect(options).toEqual({
      corsDevProxy: {
        routes: {
          '/api': { target: 'http://localhost:3000', secure: false },
          '/auth': { target: 'https://id.example.com', rewrite: '' },
          '/socket': { target: 'ws://localhost:3001', ws: true },
        },
      },
    });
    expect(after['proxy.conf.json']).toBe(proxy); // no longer read; the user deletes it
    expect(first.changes).toContain(
      'serve: proxyConfig removed (every entry converted; proxy.conf.json is no longer read, delete it when you like).',
    );
    expect(first.notes).toEqual([]);
    expectNoChange(second);
  });

  it('writes a target alone as the shorthand string, as the README does', () => {
    const { json } = runTwice(ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } }), {
      'proxy.conf.json': '{ "/api": { "target": "http://localhost:3001", "changeOrigin": true } }',
    });
    expect(targetsOf(json).serve?.options?.corsDevProxy).toEqual({
      routes: { '/api': 'http://localhost:3001' },
    });
  });

  it('converts the array form with context lists, pathRewrite to a prefix and ws', () => {
    const proxy = `[
  { "context": ["/api", "/auth"], "target": "http://localhost:8080" },
  { "context": "/v1/**", "target": "http://localhost:8081", "pathRewrite": { "^/v1": "/api/v1" }, "ws": true }
]`;
    const { json, first } = runTwice(ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } }), {
      'proxy.conf.json': proxy,
    });
    expect(targetsOf(json).serve?.options).toEqual({
      corsDevProxy: {
        routes: {
          '/api': 'http://localhost:8080',
          '/auth': 'http://localhost:8080',
          '/v1': { target: 'http://localhost:8081', rewrite: '/api/v1', ws: true },
        },
      },
    });
    expect(first.changes).toContain(
      "serve: proxy.conf.json entries '/api, /auth', '/v1/**' → corsDevProxy.routes '/api', '/auth', '/v1' (a prefix matches on a segment boundary: '/api' no longer catches '/apix')",
    );
  });

  it('keeps what does not convert in the file (comments too) and proxyConfig in angular.json, and says why', () => {
    const proxy = `{
  // the new API
  "/api/**": { "target": "http://localhost:3000", "secure": false },
  // the old one, by regex (Vite reads keys starting with ^ as regular expressions)
  "^/legacy/.*": { "target": "http://localhost:3002" },
  "/v2": { "target": "http://localhost:3003", "pathRewrite": { "^/v2/items": "/items" } },
  "/static": { "target": "http://localhost:3004", "bypass": "see proxy.conf.js" },
  "/health": "http://localhost:3005"
}
`;
    const { first, second, json, after } = runTwice(
      ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } }),
      { 'proxy.conf.json': proxy },
    );
    expect(targetsOf(json).serve?.options).toEqual({
      proxyConfig: 'proxy.conf.json',
      corsDevProxy: {
        routes: {
          '/api': { target: 'http://localhost:3000', secure: false },
          '/health': 'http://localhost:3005',
        },
      },
    });
    expect(after['proxy.conf.json']).toBe(`{
  // the new API
  // the old one, by regex (Vite reads keys starting with ^ as regular expressions)
  "^/legacy/.*": { "target": "http://localhost:3002" },
  "/v2": { "target": "http://localhost:3003", "pathRewrite": { "^/v2/items": "/items" } },
  "/static": { "target": "http://localhost:3004", "bypass": "see proxy.conf.js" }
}
`);
    expect(first.notes).toEqual([
      `serve: proxy.conf.json['^/legacy/.*'] stays with Angular's proxy (and proxyConfig in angular.json): "^/legacy/.*" is a regular expression (Angular's proxy reads "^" keys so), not a path prefix. To serve it with cors-dev-proxy instead: routes: { '/legacy': 'http://localhost:3002' }.`,
      "serve: proxy.conf.json['/v2'] stays with Angular's proxy (and proxyConfig in angular.json): `pathRewrite` is more than replacing the prefix (cors-dev-proxy adopts it as a function, which angular.json cannot hold). To serve it with cors-dev-proxy instead: a `rewrite` function in cors-dev-proxy.config.mjs.",
      "serve: proxy.conf.json['/static'] stays with Angular's proxy (and proxyConfig in angular.json): it uses `bypass`, which only Angular's own proxy understands. To serve it with cors-dev-proxy instead: routes: { '/static': 'http://localhost:3004' }.",
    ]);
    // The second run finds only what cannot convert: nothing to write, the same notes.
    expectNoChange(second);
    expect(second.notes).toEqual(first.notes);
  });

  it('removes converted array entries and keeps the rest in order', () => {
    const proxy = `[
  { "context": ["/api"], "target": "http://localhost:3000" },
  { "context": ["/old"], "target": "http://localhost:3001", "router": { "old.example.com": "http://localhost:3009" } },
  { "context": ["/files"], "target": "http://localhost:3002" }
]`;
    const { after, json, second } = runTwice(
      ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } }),
      { 'proxy.conf.json': proxy },
    );
    expect(after['proxy.conf.json']).toBe(`[
  { "context": ["/old"], "target": "http://localhost:3001", "router": { "old.example.com": "http://localhost:3009" } }
]`);
    expect(targetsOf(json).serve?.options?.corsDevProxy).toEqual({
      routes: { '/api': 'http://localhost:3000', '/files': 'http://localhost:3002' },
    });
    expectNoChange(second);
  });

  it("converts each configuration's proxyConfig beside it", () => {
    const workspace = ngNewWorkspace({
      configurations: {
        development: { buildTarget: 'my-app:build:development', proxyConfig: 'proxy.dev.json' },
        staging: { buildTarget: 'my-app:build:production', proxyConfig: 'proxy.staging.json' },
      },
    });
    const { json, second } = runTwice(workspace, {
      'proxy.dev.json': '{ "/api": "http://localhost:3000" }',
      'proxy.staging.json': '{ "/api": { "target": "https://staging.example.com", "changeOrigin": true } }',
    });
    expect(targetsOf(json).serve?.configurations).toEqual({
      development: {
        buildTarget: 'my-app:build:development',
        corsDevProxy: { routes: { '/api': 'http://localhost:3000' } },
      },
      staging: {
        buildTarget: 'my-app:build:production',
        corsDevProxy: { routes: { '/api': 'https://staging.example.com' } },
      },
    });
    expectNoChange(second);
  });

  it('leaves a .js or .mjs proxyConfig alone (it runs to give its entries) and says so', () => {
    const workspace = ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.mjs' } });
    const { json, first } = runTwice(workspace, { 'proxy.conf.mjs': 'export default { "/api": "x" }' });
    expect(targetsOf(json).serve?.options).toEqual({ proxyConfig: 'proxy.conf.mjs' });
    expect(first.notes).toEqual([
      "serve: proxyConfig 'proxy.conf.mjs' left as it is: a module is not converted without running it. The builder adopts its entries each time `ng serve` starts; to move them, write them as corsDevProxy.routes and remove proxyConfig.",
    ]);
  });

  it('leaves proxyConfig when the project has a cors-dev-proxy config file, which the builder reads instead', () => {
    const workspace = ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } });
    const { json, first } = runTwice(workspace, {
      'proxy.conf.json': '{ "/api": "http://localhost:3000" }',
      'cors-dev-proxy.config.mjs': 'export default {}',
    });
    expect(targetsOf(json).serve?.options).toEqual({ proxyConfig: 'proxy.conf.json' });
    expect(first.notes[0]).toMatch(/proxyConfig left as it is: the project has cors-dev-proxy\.config\.mjs/);
  });

  it('adds to routes already in corsDevProxy and keeps the ones there', () => {
    const workspace = ngNewWorkspace({
      options: {
        proxyConfig: 'proxy.conf.json',
        corsDevProxy: { routes: { '/api': 'http://localhost:9000' }, accessLog: false },
      },
    });
    const { json, first } = runTwice(workspace, {
      'proxy.conf.json': '{ "/api": "http://localhost:3000", "/img": "http://localhost:3001" }',
    });
    expect(targetsOf(json).serve?.options).toEqual({
      proxyConfig: 'proxy.conf.json',
      corsDevProxy: {
        routes: { '/api': 'http://localhost:9000', '/img': 'http://localhost:3001' },
        accessLog: false,
      },
    });
    expect(first.notes[0]).toContain(
      "the route '/api' is already in corsDevProxy.routes, with other options",
    );
  });

  it('reports a proxy config that does not parse or does not exist, and changes nothing of it', () => {
    const workspace = ngNewWorkspace({ options: { proxyConfig: 'proxy.conf.json' } });
    expect(run(workspace, { 'proxy.conf.json': '{ "/api": ' }).notes[0]).toMatch(
      /proxyConfig 'proxy.conf.json' left as it is: it is not readable JSON \(ValueExpected at offset \d+\)/,
    );
    expect(run(workspace).notes[0]).toBe(
      "serve: proxyConfig 'proxy.conf.json' left as it is: the file does not exist.",
    );
  });
});

describe('convertProxyConfig', () => {
  it('takes globs as prefixes and leaves other patterns', () => {
    const { routes, entries } = convertProxyConfig(
      JSON.stringify({
        '/api/*': 'http://a',
        '/docs/': 'http://b',
        '/**/*.json': 'http://c',
        '!/private': 'http://d',
      }),
    );
    expect(routes).toEqual({ '/api': 'http://a', '/docs': 'http://b' });
    expect(entries.filter((entry) => !entry.routes).map((entry) => entry.name)).toEqual([
      '/**/*.json',
      '!/private',
    ]);
  });

  it('converts options that cors-dev-proxy spells differently (proxyTimeout, headers)', () => {
    const { routes } = convertProxyConfig(
      JSON.stringify([
        {
          context: ['/api'],
          target: 'http://a',
          proxyTimeout: 10_000,
          headers: { 'x-api-key': 'k' },
          cookieDomainRewrite: 'localhost',
        },
      ]),
    );
    expect(routes).toEqual({
      '/api': { target: 'http://a', headers: { 'x-api-key': 'k' }, timeoutMs: 10_000 },
    });
  });
});
