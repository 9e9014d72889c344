// The packed @cors-dev-proxy/webpack in the apps its users have, outside this repo and without pnpm (issue 12):
// one fresh app per host — webpack 5 + webpack-dev-server 6 + webpack-cli 7, webpack 5 + webpack-dev-server 5 +
// webpack-cli 6, Rspack 2 + @rspack/dev-server 2 — each installing the core and webpack tarballs with npm. In
// each app, a CommonJS config (`require`, the plugin) and an ES module config (`import`, withCorsDevProxy):
//
//   - resolution: `require` gets dist/index.cjs and `import` dist/index.mjs, both from the app's node_modules,
//     and the CommonJS build loads the ESM-only core (Node's require(esm));
//   - serve: `npx webpack serve` (`npx rspack serve`) on port 0: `/api/x` comes back from the test upstream,
//     `/apix` is not proxied (404, the upstream never sees it), the page's bundle carries our client and
//     /__cors-dev-proxy/client.js answers, the access log goes through webpack's infrastructure logger;
//   - build: `npx webpack --mode production` (`npx rspack build`) exits 0 without our client in the bundle, and
//     with the plugin reports the production audit of the shape the dev server recorded (as a webpack warning).
//
// The host versions are the repo's own test/webpack-hosts/*/package.json, so this moves with the host suite.
// Installs use npm's cache (~/.npm, --prefer-offline): cold, each app takes 30–40 s here; warm, a few seconds.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assert,
  capture,
  log,
  readJson,
  root,
  run,
  signal,
  startServer,
  step,
  stopChild,
} from './harness.mjs';

const HOSTS = [
  { dir: 'wds6', cli: 'webpack', serve: ['serve'], build: [], bundler: 'webpack' },
  { dir: 'wds5', cli: 'webpack', serve: ['serve'], build: [], bundler: 'webpack' },
  { dir: 'rspack', cli: 'rspack', serve: ['serve'], build: ['build'], bundler: '@rspack/core' },
];
/** The repo-only dependencies of test/webpack-hosts/* that a user's app does not need for this check. */
const NOT_FOR_USERS = new Set(['@cors-dev-proxy/webpack', 'css-loader', 'style-loader']);
const SERVE_READY_TIMEOUT_MS = 60_000;
const INSTALL_TIMEOUT_MS = 240_000;
/** In the app's entry, so the bundle is provably the app's own. */
const APP_MARKER = 'pack-check app entry';
/** The first line of the core's client script (clientScript in packages/shared/src/browser/client-script.ts). */
const CLIENT_MARKER = 'cors-dev-proxy: warnings in the console';
const PRODUCTION_ORIGIN = 'https://app.example.com';

/** Both config files, written for one upstream: the README's two forms, in the module system each one uses. */
function configFiles(upstreamUrl) {
  const routes = `{ '/api': '${upstreamUrl}' }`;
  const devServer = `{ host: 'localhost', port: 0 }`;
  return {
    'webpack.config.cjs': {
      api: 'CorsDevProxyPlugin',
      audits: true,
      text:
        `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');\n\n` +
        `module.exports = {\n  mode: 'development',\n  entry: './src/index.js',\n  devServer: ${devServer},\n` +
        `  plugins: [new CorsDevProxyPlugin({ routes: ${routes}, production: { origin: '${PRODUCTION_ORIGIN}' } })],\n};\n`,
    },
    'webpack.config.mjs': {
      api: 'withCorsDevProxy',
      audits: false,
      text:
        `import { withCorsDevProxy } from '@cors-dev-proxy/webpack';\n\n` +
        `export default {\n  mode: 'development',\n  entry: './src/index.js',\n` +
        `  devServer: withCorsDevProxy(${devServer}, { routes: ${routes} }),\n};\n`,
    },
  };
}

// Runs in each app: what `require` and `import` of the package give, and where they (and the bundler) resolve.
const RESOLUTION_CHECK = `
import { createRequire } from 'node:module';
const bundler = process.argv[1];
const require = createRequire(process.cwd() + '/');
const fail = (message) => { console.error(message); process.exit(1); };
const cjs = require('@cors-dev-proxy/webpack');
const esm = await import('@cors-dev-proxy/webpack');
for (const [form, api] of [['require', cjs], ['import', esm]])
  for (const name of ['withCorsDevProxy', 'CorsDevProxyPlugin'])
    if (typeof api[name] !== 'function') fail(form + "('@cors-dev-proxy/webpack')." + name + ' is ' + typeof api[name]);
const plugin = new cjs.CorsDevProxyPlugin({ routes: { '/api': 'http://127.0.0.1:1' } });
if (typeof plugin.apply !== 'function') fail('new CorsDevProxyPlugin() has no apply()');
console.log(JSON.stringify({
  required: require.resolve('@cors-dev-proxy/webpack'),
  imported: import.meta.resolve('@cors-dev-proxy/webpack'),
  core: import.meta.resolve('cors-dev-proxy'),
  bundler: require.resolve(bundler),
}));
`;

const tail = (text, lines = 40) => text.trim().split('\n').slice(-lines).join('\n');

/** Polls `probe` (every 50 ms, up to `timeoutMs`) until it returns true; never a fixed sleep. */
async function waitFor(probe, timeoutMs = 5000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
  }
  return probe();
}

async function get(url) {
  const res = await fetch(url, { signal, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function writeApp(appDir, host, tarballs, upstreamUrl) {
  const pinned = (await readJson(join(root, 'test/webpack-hosts', host.dir, 'package.json'))).devDependencies;
  const versions = Object.fromEntries(Object.entries(pinned).filter(([name]) => !NOT_FOR_USERS.has(name)));
  await mkdir(join(appDir, 'src'), { recursive: true });
  await mkdir(join(appDir, 'public'), { recursive: true });
  await writeFile(
    join(appDir, 'package.json'),
    `${JSON.stringify(
      {
        name: `cors-dev-proxy-pack-check-${host.dir}`,
        private: true,
        dependencies: {
          'cors-dev-proxy': `file:${tarballs.get('cors-dev-proxy')}`,
          '@cors-dev-proxy/webpack': `file:${tarballs.get('@cors-dev-proxy/webpack')}`,
          ...versions,
        },
        // As in the Vite app: every cors-dev-proxy is our tarball, never a registry copy of ^0.1.0.
        overrides: { 'cors-dev-proxy': '$cors-dev-proxy' },
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(join(appDir, 'src', 'index.js'), `console.log(${JSON.stringify(APP_MARKER)});\n`);
  await writeFile(
    join(appDir, 'public', 'index.html'),
    '<!doctype html>\n<title>pack check</title>\n<script src="/main.js"></script>\n',
  );
  for (const [file, { text }] of Object.entries(configFiles(upstreamUrl)))
    await writeFile(join(appDir, file), text);
  return versions;
}

async function install(appDir) {
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: appDir,
    quiet: true,
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  const lock = await readJson(join(appDir, 'package-lock.json'));
  for (const name of ['cors-dev-proxy', '@cors-dev-proxy/webpack']) {
    const copies = Object.keys(lock.packages).filter((p) => p.endsWith(`node_modules/${name}`));
    assert(
      copies.length === 1 && lock.packages[copies[0]].resolved?.startsWith('file:'),
      `${appDir}: expected exactly one ${name}, from the local tarball; package-lock has ${JSON.stringify(
        copies.map((p) => ({ [p]: lock.packages[p].resolved })),
      )}`,
    );
  }
  const installed = await readJson(join(appDir, 'node_modules/@cors-dev-proxy/webpack/package.json'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(installed[field] ?? {})) {
      assert(
        !/^(workspace|catalog):/.test(range),
        `the @cors-dev-proxy/webpack tarball still has ${field}["${dep}"] = "${range}"; npm users cannot install that. Pack with pnpm.`,
      );
    }
  }
}

async function checkResolution(appDir, host) {
  const out = await run(process.execPath, ['--input-type=module', '-e', RESOLUTION_CHECK, host.bundler], {
    cwd: appDir,
    quiet: true,
  });
  const result = JSON.parse(out.trim().split('\n').at(-1));
  const own = join(appDir, 'node_modules');
  const expected = {
    required: join(own, '@cors-dev-proxy/webpack/dist/index.cjs'),
    imported: `file://${join(own, '@cors-dev-proxy/webpack/dist/index.mjs')}`,
    core: `file://${join(own, 'cors-dev-proxy/dist/index.mjs')}`,
  };
  for (const [key, path] of Object.entries(expected))
    assert(result[key] === path, `${host.dir}: ${key} resolved to ${result[key]}, expected ${path}`);
  assert(
    result.bundler.startsWith(`${own}/`),
    `${host.dir}: ${host.bundler} resolved to ${result.bundler}, outside the app's node_modules`,
  );
}

/** `npx webpack serve --config <file>` in the app, checked from here; stopped before it returns. */
async function checkServe(appDir, host, file, config, upstream) {
  const label = `npx ${host.cli} ${host.serve.join(' ')} --config ${file} (${host.dir})`;
  const server = await startServer('npx', [host.cli, ...host.serve, '--config', file], {
    cwd: appDir,
    // Never fetch a package named like the CLI from the registry: the app's own bin or nothing.
    env: { npm_config_yes: 'false' },
    // wds: "Loopback: http://localhost:P/"; @rspack/dev-server: "Local:    http://localhost:P/".
    urlPattern: /(http:\/\/localhost:\d+)\//,
    label,
    timeoutMs: SERVE_READY_TIMEOUT_MS,
  });
  const base = server.url;
  const failWith = (message) => `${label}: ${message}\nDev server output:\n${tail(server.output())}`;
  try {
    const id = `${host.dir}-${file.replace(/\W/g, '-')}`;
    const page = await get(`${base}/`);
    assert(
      page.status === 200 && page.text.includes('<script src="/main.js">'),
      failWith(`GET / should serve public/index.html; got ${page.status}: ${page.text.slice(0, 300)}`),
    );
    const bundle = await get(`${base}/main.js`);
    assert(bundle.status === 200, failWith(`GET /main.js answered ${bundle.status}`));
    assert(bundle.text.includes(APP_MARKER), failWith("the page's bundle /main.js lacks the app's entry"));
    assert(
      bundle.text.includes(CLIENT_MARKER),
      failWith(`the page's bundle /main.js lacks our client ("${CLIENT_MARKER}")`),
    );
    const client = await get(`${base}/__cors-dev-proxy/client.js`);
    assert(
      client.status === 200 && /javascript/.test(client.type) && client.text.includes(CLIENT_MARKER),
      failWith(
        `GET /__cors-dev-proxy/client.js: ${client.status} ${client.type}: ${client.text.slice(0, 300)}`,
      ),
    );

    const apiPath = `/api/x?case=${id}`;
    const api = await get(`${base}${apiPath}`);
    let body;
    try {
      body = JSON.parse(api.text);
    } catch {
      body = undefined;
    }
    assert(
      api.status === 200 && body?.marker === upstream.marker && body.path === apiPath,
      failWith(
        `GET ${apiPath} should come back from the test upstream; got ${api.status}: ${api.text.slice(0, 300)}`,
      ),
    );
    const missPath = `/apix?case=${id}`;
    const miss = await get(`${base}${missPath}`);
    assert(
      miss.status === 404 && !upstream.server.seen.includes(missPath),
      failWith(
        `GET ${missPath} must not be proxied (/api matches /api/… only): ${miss.status}, upstream saw ${JSON.stringify(upstream.server.seen.filter((p) => p.startsWith('/apix')))}`,
      ),
    );
    // Through webpack's infrastructure logger; the access log hides query strings (they may hold tokens).
    const accessLine = `[cors-dev-proxy] GET /api/x?… → ${upstream.url}/api/x?… 200`;
    assert(
      await waitFor(() => server.output().includes(accessLine)),
      failWith(`the terminal never showed the access log line "${accessLine}"`),
    );
    if (config.audits) {
      // The shape the production build audits next: recorded by the dev server, in the app's .cors-dev-proxy/.
      const shapes = join(appDir, '.cors-dev-proxy', 'shapes.json');
      const recorded = () =>
        readFile(shapes, 'utf8').then(
          (text) => text.includes('"GET /api/x"'),
          () => false,
        );
      assert(await waitFor(recorded), failWith(`${shapes} never recorded "GET /api/x"`));
    }
    log(
      `  ${host.dir} ${file} (${config.api}): ${base}${apiPath} → upstream; /apix ${miss.status}; client in /main.js and at /__cors-dev-proxy/client.js`,
    );
  } finally {
    await stopChild(server.child);
  }
}

/** `npx webpack --mode production --config <file>` (`npx rspack build …`): exit 0, no client, the audit. */
async function checkProductionBuild(appDir, host, file, config) {
  await rm(join(appDir, 'dist'), { recursive: true, force: true });
  const args = [host.cli, ...host.build, '--mode', 'production', '--config', file];
  const label = `npx ${args.join(' ')} (${host.dir})`;
  const result = await capture('npx', args, { cwd: appDir, env: { npm_config_yes: 'false', NO_COLOR: '1' } });
  const output = `${result.stdout}${result.stderr}`;
  assert(result.status === 0, `${label} exited ${result.status}:\n${tail(output)}`);
  const bundle = await readFile(join(appDir, 'dist', 'main.js'), 'utf8').catch(() => '');
  assert(bundle.includes(APP_MARKER), `${label}: dist/main.js is missing or lacks the app's entry`);
  assert(!bundle.includes('cors-dev-proxy'), `${label}: the production bundle carries cors-dev-proxy code`);
  const audit = `[cors-dev-proxy] Production CORS audit for ${PRODUCTION_ORIGIN}: 1 blocked`;
  if (config.audits) {
    // The test upstream sends no CORS headers: the recorded GET /api/x is blocked in production.
    assert(
      output.includes(audit) && output.includes('GET /api/x') && output.includes('MissingAllowOriginHeader'),
      `${label}: expected the production audit ("${audit}", GET /api/x, MissingAllowOriginHeader) as a warning:\n${tail(output)}`,
    );
  } else {
    assert(
      !output.includes('[cors-dev-proxy]'),
      `${label}: withCorsDevProxy alone should not audit:\n${tail(output)}`,
    );
  }
  log(`  ${label}: exit 0, no client in dist/main.js${config.audits ? ', audit reported as a warning' : ''}`);
}

/**
 * The webpack adapter's part of the package check; `upstream` is the check's test server (its `seen` list of
 * paths), `marker` the string its JSON carries.
 */
export async function checkWebpackApps({ tmp, tarballs, upstream, upstreamUrl, marker }) {
  const apps = HOSTS.map((host) => ({ host, dir: join(tmp, `webpack-${host.dir}`) }));
  const configs = configFiles(upstreamUrl);

  await step(`npm install ${apps.length} webpack apps (in parallel)`, async () => {
    // In parallel: npm's cache is safe to share, and the installs wait on the network more than on the CPU.
    const installed = await Promise.all(
      apps.map(async ({ host, dir }) => {
        const versions = await writeApp(dir, host, tarballs, upstreamUrl);
        const t0 = performance.now();
        await install(dir);
        return `${host.dir} (${Object.entries(versions)
          .map(([name, version]) => `${name}@${version}`)
          .join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
      }),
    );
    for (const line of installed) log(`  ${line}`);
  });

  for (const { host, dir } of apps) {
    await step(`${host.dir}: require and import resolve to the tarball's dist`, () =>
      checkResolution(dir, host),
    );
    for (const [file, config] of Object.entries(configs)) {
      await step(`${host.dir}: ${host.cli} serve --config ${file}`, () =>
        checkServe(dir, host, file, config, { server: upstream, url: upstreamUrl, marker }),
      );
    }
    for (const [file, config] of Object.entries(configs)) {
      await step(
        `${host.dir}: ${[host.cli, ...host.build].join(' ')} --mode production --config ${file}`,
        () => checkProductionBuild(dir, host, file, config),
      );
    }
  }
}
