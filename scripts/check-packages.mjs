#!/usr/bin/env node
// Proves the packed tarballs are what a user can install and run, outside this repo and without pnpm:
//
//   1. pack: `pnpm -r pack` the three packages (pnpm rewrites `workspace:^` to real ranges, as `pnpm publish` does);
//   2. lint: publint and attw (ESM-only profile; strict for the dual webpack adapter) on exactly what would be published;
//   3. install: a throwaway Vite app in os.tmpdir() installs vite, typescript + the core and Vite tarballs with npm;
//   4. import: `import('@cors-dev-proxy/vite')` (default and named export, defineConfig) from that app;
//   5. serve: that app's own Vite CLI loads the README's vite.config and proxies /api to a local upstream,
//      whose JSON comes back and whose `Set-Cookie: ...; Domain=example.com` loses its Domain;
//   6. types: a `cors-dev-proxy.config.ts` written with `defineConfig` passes the app's own `tsc`, and one with a
//      misspelled option and one with a wrong type fail it, each with exactly the expected error;
//   7. config file: `corsDevProxy()` with no options loads that .ts file (Node's type stripping) and uses its route;
//   8. command: `npx cors-dev-proxy --version`, `--help` and `check` against the local upstream (allowed and blocked);
//   9. webpack: @cors-dev-proxy/webpack in fresh webpack 5 + webpack-dev-server 6 / 5 and Rspack apps, from a
//      `require` (webpack.config.cjs) and an `import` (webpack.config.mjs) config: `webpack serve` proxies,
//      bundles our client, and `webpack --mode production` reports the audit (pack-check/webpack-apps.mjs).
//
// Tests elsewhere read `src`; this is the one check that covers `dist`, `files` and `exports`.
// Run it after a build: `npx -y pnpm@10.34.8 run build && npx -y pnpm@10.34.8 run test:pack`.
// Set CHECK_PACKAGES_KEEP=1 to keep the temp directory for inspection.
import { once } from 'node:events';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assert,
  capture,
  children,
  controller,
  currentStep,
  exists,
  killTree,
  log,
  passed,
  readJson,
  root,
  run,
  seconds,
  signal,
  startServer,
  step,
  stopChild,
} from './pack-check/harness.mjs';
import { checkWebpackApps } from './pack-check/webpack-apps.mjs';

// attwProfile: `esm-only` for the ESM-only packages (we ship no CommonJS build of them on purpose, see their
// tsdown.config.ts), so node10 and CJS-from-node16 are out of scope; the webpack adapter ships both formats
// (most webpack configs are CommonJS), so it gets attw's default `strict` profile: every column must pass; so
// does the Angular builders' package, CommonJS only (architect `require`s builders).
const PACKAGES = [
  { dir: 'packages/shared', name: 'cors-dev-proxy', attwProfile: 'esm-only' },
  { dir: 'packages/vite-plugin', name: '@cors-dev-proxy/vite', attwProfile: 'esm-only' },
  { dir: 'packages/webpack-plugin', name: '@cors-dev-proxy/webpack', attwProfile: 'strict' },
  { dir: 'packages/angular-builder', name: '@cors-dev-proxy/angular', attwProfile: 'strict' },
];
// The newest Vite; the plugin's peer range also covers 6 and 7, which the integration tests run from source.
const VITE_VERSION = '8.3.8';
// Room for three cold webpack/Rspack installs (30–40 s each here) on a fresh machine.
const OVERALL_TIMEOUT_MS = 8 * 60 * 1000;
const VITE_READY_TIMEOUT_MS = 30_000;
const UPSTREAM_MARKER = 'cors-dev-proxy-check-packages';
// The origin the upstream allows on /cors/… paths (and only there), for `cors-dev-proxy check`'s allowed case.
const ALLOWED_ORIGIN = 'https://app.example.com';

const startedAt = performance.now();

/** The test upstream: JSON naming itself and the path it saw; `server.seen` lists every path it was asked for. */
async function startUpstream() {
  /** @type {string[]} */
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const cors = req.url?.startsWith('/cors/')
      ? { 'access-control-allow-origin': ALLOWED_ORIGIN, vary: 'Origin' }
      : {};
    res.writeHead(200, {
      'content-type': 'application/json',
      'set-cookie': 's=1; Domain=example.com; Path=/',
      ...cors,
    });
    res.end(JSON.stringify({ marker: UPSTREAM_MARKER, method: req.method, path: req.url }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(server, { seen });
}

/** Starts the temp app's own Vite CLI; resolves with `{ child, url, output }` once it prints "Local: http://…". */
async function startVite(appDir, state) {
  const viteBin = join(appDir, 'node_modules', 'vite', 'bin', 'vite.js');
  const server = await startServer(
    process.execPath,
    [viteBin, '--port', '0', '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: appDir,
      urlPattern: /Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//,
      label: 'Vite',
      timeoutMs: VITE_READY_TIMEOUT_MS,
    },
  );
  state.vite = server.child;
  return server;
}

// The app's only code: it runs in the temp app, so it resolves the packages from that app's node_modules.
const IMPORT_CHECK = `
import { createRequire } from 'node:module';
const vite = await import('@cors-dev-proxy/vite');
const shared = await import('cors-dev-proxy');
const fail = (message) => { console.error(message); process.exit(1); };
if (typeof vite.default !== 'function') fail('default export of @cors-dev-proxy/vite is ' + typeof vite.default + ', expected the plugin factory');
if (vite.default !== vite.corsDevProxy) fail('default export of @cors-dev-proxy/vite is not corsDevProxy');
const plugin = vite.default({ routes: { '/api': 'http://127.0.0.1:1' } });
if (!plugin || typeof plugin.name !== 'string') fail('corsDevProxy() did not return a Vite plugin: ' + JSON.stringify(plugin));
if (typeof shared.resolveOptions !== 'function') fail('cors-dev-proxy has no resolveOptions export');
if (typeof shared.defineConfig !== 'function') fail('cors-dev-proxy has no defineConfig export');
if (vite.defineConfig !== shared.defineConfig) fail('@cors-dev-proxy/vite does not re-export defineConfig from cors-dev-proxy');
const config = { routes: { '/api': 'http://127.0.0.1:1' } };
if (shared.defineConfig(config) !== config) fail('defineConfig did not return its argument');
// Node >= 22.12 can require() ESM; CommonJS config files rely on it, since we ship no CJS build.
const required = createRequire(process.cwd() + '/')('@cors-dev-proxy/vite');
if (required.default !== required.corsDevProxy) fail('require("@cors-dev-proxy/vite") lacks the default export');
console.log(JSON.stringify({
  resolved: import.meta.resolve('@cors-dev-proxy/vite'),
  plugin: plugin.name,
  viteExports: Object.keys(vite).sort(),
}));
`;

async function main() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  assert(
    major > 22 || (major === 22 && minor >= 15),
    `Node ${process.versions.node} is older than the packages' engines (^22.15.0 || >=24). ` +
      "Run it through pnpm, which puts the repo's Node 24 first: npx -y pnpm@10.34.8 run test:pack",
  );
  const rootPkg = await readJson(join(root, 'package.json'));
  const pnpmSpec = rootPkg.packageManager;
  // The app type-checks with the TypeScript (and Node types) this repo builds with, so the check moves with them.
  const typescriptVersion = rootPkg.devDependencies.typescript;
  const nodeTypesVersion = rootPkg.devDependencies['@types/node'];
  const coreVersion = (await readJson(join(root, 'packages/shared/package.json'))).version;
  assert(
    /^pnpm@\d+\.\d+\.\d+$/.test(pnpmSpec ?? ''),
    `root package.json "packageManager" is "${pnpmSpec}", expected pnpm@X.Y.Z`,
  );

  // realpath: Node resolves modules to real paths, and the resolved-URL check below compares against this.
  const tmp = await realpath(await mkdtemp(join(tmpdir(), 'cors-dev-proxy-pack-')));
  const tarballDir = join(tmp, 'tarballs');
  const appDir = join(tmp, 'app');
  const state = { tmp, vite: undefined, upstream: undefined };
  const tarballs = new Map();

  try {
    state.upstream = await startUpstream();
    const upstreamUrl = `http://127.0.0.1:${state.upstream.address().port}`;

    for (const pkg of PACKAGES) {
      const manifest = await readJson(join(root, pkg.dir, 'package.json'));
      assert(
        manifest.name === pkg.name,
        `${pkg.dir}/package.json is named "${manifest.name}", expected "${pkg.name}"`,
      );
      for (const file of new Set(collectExportTargets(manifest.exports))) {
        assert(
          await exists(join(root, pkg.dir, file)),
          `${pkg.dir}/${file} (from "exports") is missing. Build first: npx -y pnpm@10.34.8 run build`,
        );
      }
      const file = `${pkg.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
      tarballs.set(pkg.name, join(tarballDir, file));
    }

    await step('pnpm pack', async () => {
      await mkdir(tarballDir, { recursive: true });
      await run(
        'npx',
        ['-y', pnpmSpec, '-r', '--filter', './packages/**', 'pack', '--pack-destination', tarballDir],
        {
          quiet: true,
        },
      );
      for (const [name, path] of tarballs)
        assert(await exists(path), `pnpm pack did not produce ${path} for ${name}`);
    });

    for (const pkg of PACKAGES) {
      const tarball = tarballs.get(pkg.name);
      await step(`publint ${pkg.name}`, () => run('publint', ['run', tarball, '--strict']));
      await step(`attw ${pkg.name} (${pkg.attwProfile})`, () =>
        run(
          'attw',
          [tarball, '--profile', pkg.attwProfile, '--format', 'ascii', '--no-emoji', '--no-color'],
          { quiet: true },
        ),
      );
    }

    await step('npm install (vite, typescript + the core and Vite tarballs)', async () => {
      await mkdir(appDir, { recursive: true });
      const shared = `file:${tarballs.get('cors-dev-proxy')}`;
      await writeFile(
        join(appDir, 'package.json'),
        `${JSON.stringify(
          {
            name: 'cors-dev-proxy-pack-check',
            private: true,
            type: 'module',
            dependencies: {
              'cors-dev-proxy': shared,
              '@cors-dev-proxy/vite': `file:${tarballs.get('@cors-dev-proxy/vite')}`,
              vite: VITE_VERSION,
              typescript: typescriptVersion,
              '@types/node': nodeTypesVersion,
            },
            // The vite tarball depends on "cors-dev-proxy": "^0.1.0", which the registry may not have (or
            // may have in an older build); "$name" pins every copy to the direct dependency, i.e. our tarball.
            overrides: { 'cors-dev-proxy': '$cors-dev-proxy' },
          },
          null,
          2,
        )}\n`,
      );
      await writeFile(
        join(appDir, 'index.html'),
        '<!doctype html>\n<title>pack check</title>\n<h1>pack check</h1>\n',
      );
      await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: appDir,
        timeoutMs: 150_000,
      });

      const lock = await readJson(join(appDir, 'package-lock.json'));
      const sharedCopies = Object.keys(lock.packages).filter((p) =>
        p.endsWith('node_modules/cors-dev-proxy'),
      );
      assert(
        sharedCopies.length === 1 && lock.packages[sharedCopies[0]].resolved?.startsWith('file:'),
        `expected exactly one cors-dev-proxy, from the local tarball; package-lock has ${JSON.stringify(
          sharedCopies.map((p) => ({ [p]: lock.packages[p].resolved })),
        )}`,
      );
      for (const name of ['cors-dev-proxy', '@cors-dev-proxy/vite']) {
        const installed = await readJson(join(appDir, 'node_modules', name, 'package.json'));
        for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
          for (const [dep, range] of Object.entries(installed[field] ?? {})) {
            assert(
              !/^(workspace|catalog):/.test(range),
              `the ${name} tarball still has ${field}["${dep}"] = "${range}"; npm and yarn users cannot install that. Pack with pnpm.`,
            );
          }
        }
      }
    });

    await step("import('@cors-dev-proxy/vite') from the app", async () => {
      const out = await run(process.execPath, ['--input-type=module', '-e', IMPORT_CHECK], {
        cwd: appDir,
        quiet: true,
      });
      const result = JSON.parse(out.trim().split('\n').at(-1));
      assert(
        result.resolved.startsWith(`file://${appDir}/node_modules/`),
        `@cors-dev-proxy/vite resolved to ${result.resolved}, not to the temp app's node_modules`,
      );
      log(`  plugin "${result.plugin}", exports: ${result.viteExports.join(', ')}`);
    });

    await step('vite dev server proxies /api', async () => {
      // Exactly the README's form, untyped and unwrapped: what a user pastes first.
      await writeFile(
        join(appDir, 'vite.config.mjs'),
        `import { corsDevProxy } from '@cors-dev-proxy/vite';\n` +
          `export default { plugins: [corsDevProxy({ routes: { '/api': '${upstreamUrl}' } })] };\n`,
      );
      const vite = await startVite(appDir, state);
      const base = vite.url;
      log(`  vite at ${base}, upstream at ${upstreamUrl}`);

      const page = await fetch(`${base}/`, { signal });
      assert(page.status === 200, `GET ${base}/ answered ${page.status}; Vite should serve index.html`);
      assert((await page.text()).includes('pack check'), `GET ${base}/ did not return the app's index.html`);

      const res = await fetch(`${base}/api/hello?x=1`, { signal, redirect: 'manual' });
      const text = await res.text();
      assert(res.status === 200, `GET /api/hello through Vite answered ${res.status}: ${text.slice(0, 500)}`);
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(
          `GET /api/hello through Vite did not return the upstream's JSON: ${text.slice(0, 500)}`,
        );
      }
      assert(
        body.marker === UPSTREAM_MARKER,
        `the /api response did not come from the test upstream: ${text}`,
      );
      assert(
        body.path === '/api/hello?x=1',
        `upstream received path "${body.path}", expected "/api/hello?x=1"`,
      );
      const cookies = res.headers.getSetCookie();
      assert(
        cookies.length === 1 && /^s=1(;|$)/.test(cookies[0]),
        `expected one Set-Cookie "s=1…", got ${JSON.stringify(cookies)}`,
      );
      assert(
        !/;\s*domain=/i.test(cookies[0]),
        `Set-Cookie still carries a Domain, so the browser would drop it on 127.0.0.1: "${cookies[0]}"`,
      );
      log(`  upstream saw ${body.method} ${body.path}; Set-Cookie: ${cookies[0]}`);
      await stopChild(state.vite);
    });

    await step('cors-dev-proxy.config.ts is typed by defineConfig (tsc)', async () => {
      // A user's strict tsconfig; skipLibCheck off, so our .d.ts files are checked as well.
      await writeFile(
        join(appDir, 'tsconfig.json'),
        `${JSON.stringify(
          {
            compilerOptions: {
              target: 'ES2023',
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              types: ['node'],
            },
            files: ['cors-dev-proxy.config.ts', 'vite-types.ts'],
          },
          null,
          2,
        )}\n`,
      );
      const configFile = (body) =>
        `import { defineConfig } from 'cors-dev-proxy';\n\nexport default defineConfig(${body});\n`;
      await writeFile(
        join(appDir, 'cors-dev-proxy.config.ts'),
        configFile(
          `{\n  routes: { '/from-config': { target: '${upstreamUrl}', timeoutMs: 10_000 } },\n  accessLog: false,\n}`,
        ),
      );
      // The Vite adapter re-exports the helper and the option types, for projects that install only it.
      await writeFile(
        join(appDir, 'vite-types.ts'),
        `import { type AuditMode, type CorsAllowlist, type CorsDevProxyOptions, defineConfig, type ProductionOptions, type RouteOptions } from '@cors-dev-proxy/vite';\n` +
          `const route: RouteOptions = { target: '${upstreamUrl}', ws: true };\n` +
          `const allowlist: CorsAllowlist = { origin: '${ALLOWED_ORIGIN}', credentials: true };\n` +
          `const production: ProductionOptions = { origin: '${ALLOWED_ORIGIN}', allowlist };\n` +
          `const mode: AuditMode = 'warn';\n` +
          `export const options: CorsDevProxyOptions = defineConfig({ routes: { '/api': route }, production, mode });\n`,
      );
      const tsc = join(appDir, 'node_modules', 'typescript', 'bin', 'tsc');
      const good = await capture(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: appDir });
      assert(
        good.status === 0,
        `tsc rejected the defineConfig config (exit ${good.status}):\n${good.stdout}${good.stderr}`,
      );
      const version = (await capture(process.execPath, [tsc, '--version'], { cwd: appDir })).stdout.trim();
      log(
        `  cors-dev-proxy.config.ts and the types re-exported by @cors-dev-proxy/vite pass the app's tsc (${version})`,
      );

      // Each must fail, with exactly one error and the one expected: a wrong error (say, an unresolved import)
      // would make the failure prove nothing.
      const mistakes = [
        {
          name: 'misspelled-option',
          body: `{ rotues: { '/api': '${upstreamUrl}' } }`,
          error:
            /error TS\d+: Object literal may only specify known properties, but 'rotues' does not exist in type 'CorsDevProxyOptions'\. Did you mean to write 'routes'\?/,
        },
        {
          name: 'wrong-type',
          body: `{ routes: { '/api': { target: '${upstreamUrl}', ws: 'yes' } } }`,
          error: /error TS2322: Type 'string' is not assignable to type 'boolean( \| undefined)?'\./,
        },
      ];
      for (const { name, body, error } of mistakes) {
        const dir = join(appDir, 'type-errors', name);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'cors-dev-proxy.config.ts'), configFile(body));
        await writeFile(
          join(dir, 'tsconfig.json'),
          `${JSON.stringify({ extends: '../../tsconfig.json', files: ['cors-dev-proxy.config.ts'] })}\n`,
        );
        const bad = await capture(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: appDir });
        const errors = bad.stdout.split('\n').filter((line) => line.includes('error TS'));
        assert(
          bad.status !== 0 && errors.length === 1 && error.test(errors[0]),
          `tsc should reject type-errors/${name}/cors-dev-proxy.config.ts with one error matching ${error}; exit ${bad.status}:\n${bad.stdout}${bad.stderr}`,
        );
        log(`  ${name} fails tsc: ${errors[0].replace(/^.*?error /, 'error ')}`);
      }
    });

    await step('corsDevProxy() with no options loads cors-dev-proxy.config.ts', async () => {
      await writeFile(
        join(appDir, 'vite.config.mjs'),
        `import { corsDevProxy } from '@cors-dev-proxy/vite';\nexport default { plugins: [corsDevProxy()] };\n`,
      );
      const vite = await startVite(appDir, state);
      const base = vite.url;
      const configPath = join(appDir, 'cors-dev-proxy.config.ts');
      assert(
        vite.output().includes(`using ${configPath}`),
        `Vite's output does not say it is using ${configPath}:\n${vite.output()}`,
      );
      const res = await fetch(`${base}/from-config/hello`, { signal, redirect: 'manual' });
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      assert(
        res.status === 200 && body?.marker === UPSTREAM_MARKER && body.path === '/from-config/hello',
        `GET /from-config/hello should reach the upstream through the config file's route; got ${res.status}: ${text.slice(0, 500)}`,
      );
      log(`  "using ${configPath}"; /from-config/hello reached the upstream as ${body.path}`);
      await stopChild(state.vite);
    });

    await step('NODE_EXTRA_CA_CERTS is trusted for https upstreams', async () => {
      // A private CA in NODE_EXTRA_CA_CERTS (read by Node at start-up, so it needs a fresh process): the
      // installed core must reach an https upstream signed by it, with no ca or secure option in the config.
      const certDir = join(tmp, 'tls');
      await mkdir(certDir, { recursive: true });
      await run(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-keyout',
          join(certDir, 'key.pem'),
          '-out',
          join(certDir, 'cert.pem'),
        ],
        { quiet: true },
      );
      const script = join(appDir, 'extra-ca.mjs');
      await writeFile(
        script,
        `import https from 'node:https';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createCorsDevProxy } from 'cors-dev-proxy';
const tls = { key: readFileSync(${JSON.stringify(join(certDir, 'key.pem'))}), cert: readFileSync(${JSON.stringify(join(certDir, 'cert.pem'))}) };
const upstream = https.createServer(tls, (req, res) => res.end('trusted')).listen(0, '127.0.0.1');
await new Promise((resolve) => upstream.once('listening', resolve));
const proxy = createCorsDevProxy({ accessLog: false, routes: { '/api': 'https://127.0.0.1:' + upstream.address().port } });
const front = http.createServer((req, res) => proxy.middleware(req, res, () => res.end('miss'))).listen(0, '127.0.0.1');
await new Promise((resolve) => front.once('listening', resolve));
const response = await fetch('http://127.0.0.1:' + front.address().port + '/api/x');
const body = await response.text();
console.log(response.status, body);
process.exit(response.status === 200 && body === 'trusted' ? 0 : 1);
`,
      );
      const withCa = await run(process.execPath, [script], {
        cwd: appDir,
        quiet: true,
        env: { NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem') },
      });
      assert(
        withCa.includes('200 trusted'),
        `with NODE_EXTRA_CA_CERTS the upstream should be trusted, got: ${withCa}`,
      );
      log('  200 through a private CA from NODE_EXTRA_CA_CERTS');
    });

    await step('npx cors-dev-proxy from the installed package', async () => {
      // Exactly as a user types it. npm_config_yes=false is `--no` without changing the command line (written as
      // `npx --no cors-dev-proxy --version`, npx takes --version as its own): never fetch a package named
      // cors-dev-proxy from the registry if the local bin were missing, which would test that package instead.
      const cli = (...args) =>
        capture('npx', ['cors-dev-proxy', ...args], { cwd: appDir, env: { npm_config_yes: 'false' } });
      const version = await cli('--version');
      assert(
        version.status === 0 && version.stdout === `${coreVersion}\n`,
        `npx cors-dev-proxy --version should print ${coreVersion} (packages/shared/package.json) and exit 0; exit ${version.status}, stdout ${JSON.stringify(version.stdout)}, stderr ${version.stderr}`,
      );
      log(`  npx cors-dev-proxy --version → ${version.stdout.trim()}`);
      const help = await cli('--help');
      assert(
        help.status === 0 && help.stdout.includes('Usage: cors-dev-proxy'),
        `--help exited ${help.status}: ${help.stderr}`,
      );
      const bad = await cli('check', 'api.example.com', '--origin', 'https://app.example.com');
      const badLines = bad.stderr.trim().split('\n');
      assert(bad.status === 2, `a bad URL should exit 2, got ${bad.status}`);
      assert(
        badLines.length === 1 && badLines[0].startsWith('[cors-dev-proxy] '),
        `a bad URL should print one line, got:\n${bad.stderr}`,
      );
      // The test upstream sends no CORS headers: blocked, exit 1, with Chromium's message in the JSON.
      const blocked = await cli('check', `${upstreamUrl}/api/hello`, '--origin', ALLOWED_ORIGIN, '--json');
      assert(
        blocked.status === 1,
        `check of a server without CORS headers should exit 1, got ${blocked.status}: ${blocked.stderr}`,
      );
      const verdict = JSON.parse(blocked.stdout);
      assert(
        verdict.corsError === 'MissingAllowOriginHeader',
        `expected MissingAllowOriginHeader, got ${verdict.corsError}`,
      );
      log(
        `  npx cors-dev-proxy check ${upstreamUrl}/api/hello --origin ${ALLOWED_ORIGIN} --json → exit 1, ${verdict.corsError}`,
      );
      // /cors/… answers with Access-Control-Allow-Origin for that origin: allowed, exit 0, the human report.
      const allowed = await cli('check', `${upstreamUrl}/cors/hello`, '--origin', ALLOWED_ORIGIN);
      assert(
        allowed.status === 0 && allowed.stdout.startsWith('✔ ALLOWED'),
        `check of a server allowing ${ALLOWED_ORIGIN} should exit 0 with "✔ ALLOWED", got ${allowed.status}:\n${allowed.stdout}${allowed.stderr}`,
      );
      log(
        `  npx cors-dev-proxy check ${upstreamUrl}/cors/hello --origin ${ALLOWED_ORIGIN} → exit 0, ${allowed.stdout.split('\n')[0]}`,
      );
    });

    // @cors-dev-proxy/webpack in webpack (wds 6 + cli 7, wds 5 + cli 6) and Rspack apps: pack-check/webpack-apps.mjs.
    await checkWebpackApps({ tmp, tarballs, upstream: state.upstream, upstreamUrl, marker: UPSTREAM_MARKER });
  } finally {
    if (state.vite) await stopChild(state.vite);
    for (const child of children) await stopChild(child);
    if (state.upstream) {
      state.upstream.closeAllConnections();
      state.upstream.close();
    }
    if (process.env.CHECK_PACKAGES_KEEP === '1') log(`kept ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
}

function collectExportTargets(exportsField) {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(collectExportTargets);
}

const overall = setTimeout(() => {
  log(`✗ timed out after ${seconds(OVERALL_TIMEOUT_MS)} during "${currentStep()}"; stopping.`);
  // Killing the children makes the pending step reject, so main()'s finally still cleans up; the abort ends fetches.
  controller.abort();
  for (const child of children) killTree(child, 'SIGKILL');
  setTimeout(() => {
    console.error('[check-packages] ✗ cleanup did not finish within 10 s after the timeout; exiting anyway.');
    process.exit(1);
  }, 10_000).unref();
}, OVERALL_TIMEOUT_MS);

try {
  await main();
  clearTimeout(overall);
  for (const { step: name, ms } of passed) log(`✓ ${name} (${seconds(ms)})`);
  log(`all package checks passed in ${seconds(performance.now() - startedAt)}`);
} catch (error) {
  clearTimeout(overall);
  for (const { step: name, ms } of passed) log(`✓ ${name} (${seconds(ms)})`);
  const reason = signal.aborted ? `timed out after ${seconds(OVERALL_TIMEOUT_MS)}` : error.message;
  console.error(`[check-packages] ✗ ${currentStep()}: ${reason}`);
  process.exitCode = 1;
}
