/**
 * Starts `ng serve` (Angular 22, from test/angular-hosts/ng22) the way the CLI does: `ng`'s architect command
 * runs in-process, so this does what it does — angular.json read by @angular-devkit/core's workspace reader,
 * `WorkspaceNodeModulesArchitectHost` resolving the builders from the project's node_modules (a link to the
 * host's install, where `@cors-dev-proxy/angular` is the BUILT package: builders.json → dist/dev-server.cjs),
 * the CLI's schema registry and its console logger, and `Architect.scheduleTarget(app:serve, { host, port })`,
 * which is `ng serve --host 127.0.0.1 --port 0`. The packages are taken from @angular/cli's own install, as
 * `ng` loads them. The project is the host suite's (test/host-suite/harnesses/angular.ts): a standalone,
 * zoneless component, `@angular/build:application`, Angular's defaults otherwise (prebundling on). Its output
 * goes to stdout (info) and stderr (warnings, errors) as `ng` writes it; the bench sends stdout to /dev/null.
 * Runs inside the system's child process.
 */
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ng22HostDirs, resolvePackage } from '../resolve-package.mjs';

/** The Angular descriptors' `startsSlowly`: each start builds the app and prebundles Angular. */
export const ngServeStartsSlowly = 'each ng serve start builds the app and prebundles Angular';

/** Why the Angular systems cannot run here, or undefined (@angular/build 22 needs Node 22). */
export function angularHostUnavailableReason() {
  if (
    !resolvePackage('@angular/cli/package.json', ng22HostDirs) ||
    !resolvePackage('@angular/build', ng22HostDirs)
  )
    return 'not installed (test/angular-hosts/ng22)';
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? undefined : `needs Node ≥ 22, this is ${process.version} (run it through pnpm)`;
}

/** architect and @angular-devkit/core as `ng` loads them: from @angular/cli's own dependencies. */
function loadAngularCli() {
  const manifest = resolvePackage('@angular/cli/package.json', ng22HostDirs);
  if (!manifest) throw new Error('@angular/cli is not installed (test/angular-hosts/ng22)');
  const fromCli = createRequire(manifest);
  return {
    architect: fromCli('@angular-devkit/architect'),
    architectNode: fromCli('@angular-devkit/architect/node'),
    core: fromCli('@angular-devkit/core'),
  };
}

/**
 * The host's modules, loaded before any timing: architect and @angular/build (what every variant loads), so a
 * builder's own import can be timed apart.
 */
export function importAngularHost() {
  const cli = loadAngularCli();
  const build = resolvePackage('@angular/build', ng22HostDirs);
  if (!build) throw new Error('@angular/build is not installed (test/angular-hosts/ng22)');
  createRequire(import.meta.url)(build);
  return cli;
}

/**
 * The fixture app (the host suite's, without its stylesheet) and angular.json with the given serve target.
 * @param {string} project
 * @param {{ builder: string, options: Record<string, unknown> }} serve
 * @param {Record<string, string>} files extra files (proxy.conf.json)
 */
async function writeProject(project, serve, files) {
  await fs.mkdir(project, { recursive: true });
  await fs.symlink(path.join(ng22HostDirs[0], 'node_modules'), path.join(project, 'node_modules'), 'dir');
  const write = (/** @type {string} */ name, /** @type {string} */ text) =>
    fs.writeFile(path.join(project, name), text);
  const json = (/** @type {unknown} */ value) => `${JSON.stringify(value, null, 2)}\n`;
  await write(
    'index.html',
    '<!doctype html><html><head><base href="/"><title>bench</title></head><body><div id="app"></div></body></html>\n',
  );
  await write(
    'main.ts',
    [
      "import { Component, provideZonelessChangeDetection } from '@angular/core';",
      "import { bootstrapApplication } from '@angular/platform-browser';",
      '',
      "@Component({ selector: '[id=app]', template: 'bench' })",
      'class App {}',
      '',
      'bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));',
      '',
    ].join('\n'),
  );
  await write(
    'tsconfig.json',
    json({
      compilerOptions: {
        target: 'ES2022',
        module: 'ES2022',
        moduleResolution: 'bundler',
        strict: true,
        skipLibCheck: true,
        isolatedModules: true,
        lib: ['ES2022', 'DOM'],
      },
      files: ['main.ts'],
    }),
  );
  for (const [name, text] of Object.entries(files)) await write(name, text);
  const build = {
    builder: '@angular/build:application',
    options: {
      browser: 'main.ts',
      index: 'index.html',
      tsConfig: 'tsconfig.json',
      outputPath: 'dist',
      polyfills: [],
    },
    configurations: { development: { optimization: false, extractLicenses: false, sourceMap: true } },
    defaultConfiguration: 'development',
  };
  await write(
    'angular.json',
    json({
      version: 1,
      cli: { analytics: false },
      projects: {
        app: {
          projectType: 'application',
          root: '',
          sourceRoot: '.',
          architect: {
            build,
            serve: { ...serve, options: { buildTarget: 'app:build:development', ...serve.options } },
          },
        },
      },
    }),
  );
}

/** The CLI's workspace host (@angular/cli's utilities/config.js): plain fs. */
const workspaceFiles = {
  readFile: (/** @type {string} */ file) => fs.readFile(file, 'utf8'),
  writeFile: (/** @type {string} */ file, /** @type {string} */ data) => fs.writeFile(file, data),
  isDirectory: (/** @type {string} */ file) =>
    fs.stat(file).then(
      (s) => s.isDirectory(),
      () => false,
    ),
  isFile: (/** @type {string} */ file) =>
    fs.stat(file).then(
      (s) => s.isFile(),
      () => false,
    ),
};

/**
 * `ng`'s console logger (@angular/cli's lib/cli/index.js): debug dropped, info to stdout, the rest to stderr.
 * @param {any} core @angular-devkit/core
 */
function createCliLogger(core) {
  const logger = new core.logging.IndentLogger('cli-main-logger');
  logger.forEach((/** @type {{ level: string, message: string }} */ entry) => {
    if (entry.level === 'debug') return;
    const stream = entry.level === 'info' ? process.stdout : process.stderr;
    stream.write(`${stripVTControlCharacters(entry.message)}\n`);
  });
  return logger;
}

/**
 * A browser's first visit: the page, its scripts and the dependencies they import. Vite's dependency optimizer
 * prebundles Angular in the background after listening (seconds of CPU); a prebundled module is answered only
 * once that is done, so after this no load round shares the CPU with it. The first request is also the one
 * cors-dev-proxy's builder attaches its WebSocket listener on (Angular gives a middleware no server).
 * @param {string} url
 */
async function loadFirstPage(url) {
  const response = await fetch(`${url}/`);
  const page = await response.text();
  if (!response.ok) throw new Error(`ng serve answered ${response.status} for its page`);
  const scripts = [...page.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]);
  /** @type {Set<string>} */
  const seen = new Set();
  const load = async (/** @type {string} */ specifier, /** @type {string} */ from) => {
    const target = new URL(specifier, from).href;
    if (seen.has(target) || !target.startsWith(url)) return;
    seen.add(target);
    const response = await fetch(target);
    const text = await response.text();
    if (!response.ok) return;
    // Static imports only: what the browser fetches before the app runs.
    const imports = [...text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)];
    await Promise.all(imports.map((match) => load(match[1], target)));
  };
  await Promise.all(scripts.map((script) => load(script, `${url}/`)));
  return seen.size;
}

/**
 * @param {{ root: string, serve: { builder: string, options?: Record<string, unknown> },
 *   files?: Record<string, string> }} options
 *   `serve`: angular.json's serve target (its builder and options beside `buildTarget`); `files`: written
 *   into the project (the proxy config)
 * @returns {Promise<{ port: number, startupMs: number, close(): Promise<void> }>}
 */
export async function startNgServe({ root, serve, files = {} }) {
  // Angular 22 lets PORT override --port (ENVIRONMENT.md).
  delete process.env.PORT;
  const { architect, architectNode, core } = importAngularHost();
  // Each child process gets its own workspace: Angular keeps its cache (.angular/) there.
  const project = path.join(root, `angular-${process.pid}`);
  await writeProject(project, { builder: serve.builder, options: serve.options ?? {} }, files);
  const logger = createCliLogger(core);
  // Start-up is measured from reading angular.json to the first output (the first build done, listening).
  const startedAt = performance.now();
  const { workspace } = await core.workspaces.readWorkspace(
    path.join(project, 'angular.json'),
    workspaceFiles,
    core.workspaces.WorkspaceFormat.JSON,
  );
  const registry = new core.json.schema.CoreSchemaRegistry();
  // As `ng` does: Angular's own builders get object defaults only, any other builder every default.
  registry.addPostTransform(
    serve.builder.startsWith('@angular/build:')
      ? core.json.schema.transforms.addUndefinedObjectDefaults
      : core.json.schema.transforms.addUndefinedDefaults,
  );
  registry.useXDeprecatedProvider((/** @type {string} */ message) => logger.warn(message));
  const host = new architectNode.WorkspaceNodeModulesArchitectHost(workspace, project);
  const run = await new architect.Architect(host, registry).scheduleTarget(
    { project: 'app', target: 'serve' },
    { host: '127.0.0.1', port: 0 },
    { logger },
  );
  /** @type {{ success: boolean, baseUrl?: string, error?: string }} */
  const output = await new Promise((resolve, reject) => {
    run.output.subscribe({ next: resolve, error: reject });
  });
  const startupMs = performance.now() - startedAt;
  const close = async () => {
    await run.stop();
    logger.complete();
  };
  if (!output.success || !output.baseUrl) {
    await close();
    throw new Error(`ng serve failed: ${output.error ?? 'no URL'}`);
  }
  const port = Number(new URL(output.baseUrl).port);
  await loadFirstPage(`http://127.0.0.1:${port}`);
  return { port, startupMs, close };
}
