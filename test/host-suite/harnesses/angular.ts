import diagnosticsChannel from 'node:diagnostics_channel';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applicationBuilder, devServerBuilder } from '@cors-dev-proxy/angular';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import type { BuildSetup, HostHarness, HostSetup } from '../src/harness.js';
import { firstMessage, wsUrlOf } from '../src/websocket-client.js';

/**
 * `ng serve` with `@cors-dev-proxy/angular:dev-server` on Angular 21 and 22, each a real install under
 * test/angular-hosts/<host>. The CLI's `ng serve` is architect in-process: the workspace's angular.json read by
 * `WorkspaceNodeModulesArchitectHost`, which resolves both builders from the project's node_modules (here a link
 * to the host's install) and validates the options against their schemas; `Architect.scheduleTarget` runs the
 * serve target. One difference: our builder is the package's TypeScript source (tests read source), loaded in
 * place of the built file architect would `require`.
 */
export type AngularHost = 'ng21' | 'ng22';

/**
 * The host's packages, loaded by name from its install through this table: dependency-cruiser resolves
 * literal requires (it reaches this file from packages/angular-builder's tests), and these live in
 * test/angular-hosts/<host>, not beside this file.
 */
const hostPackages = {
  architect: '@angular-devkit/architect',
  architectNode: '@angular-devkit/architect/node',
  architectManifest: '@angular-devkit/architect/package.json',
  devkitCore: '@angular-devkit/core',
} as const;

const hostsDir = fileURLToPath(new URL('../../angular-hosts/', import.meta.url));
const requireFrom = (host: AngularHost) => createRequire(path.join(hostsDir, host, 'package.json'));

interface BuilderOutput {
  readonly success: boolean;
  readonly error?: string;
  readonly baseUrl?: string;
}
interface BuilderRun {
  readonly result: Promise<BuilderOutput>;
  readonly output: {
    subscribe(observer: { next(output: BuilderOutput): void; error(error: unknown): void }): unknown;
  };
  stop(): Promise<void>;
}
interface Architect {
  scheduleTarget(
    target: { project: string; target: string; configuration?: string },
    overrides: Record<string, unknown>,
    options: { logger: unknown },
  ): Promise<BuilderRun>;
}
interface BuilderInfo {
  readonly name: string;
}
type ArchitectHostClass = new (
  workspace: WorkspaceHost,
  root: string,
) => { loadBuilder(info: BuilderInfo): Promise<unknown> };
interface WorkspaceHost {
  getBuilderName(project: string, target: string): Promise<string>;
  getOptions(project: string, target: string, configuration?: string): Promise<Record<string, unknown>>;
  getMetadata(project: string): Promise<Record<string, unknown>>;
  hasTarget(project: string, target: string): Promise<boolean>;
  getDefaultConfigurationName(project: string, target: string): Promise<string | undefined>;
}
interface AngularLogger {
  subscribe(next: (entry: { message: string; level: string }) => void): unknown;
  complete(): void;
}
interface AngularDevkitCore {
  readonly logging: { Logger: new (name: string) => AngularLogger };
  readonly json: {
    schema: {
      CoreSchemaRegistry: new () => { addPostTransform(transform: unknown): void };
      transforms: { addUndefinedDefaults: unknown };
    };
  };
}
interface TargetDefinition {
  readonly builder: string;
  readonly options?: Record<string, unknown>;
  readonly configurations?: Record<string, Record<string, unknown>>;
  readonly defaultConfiguration?: string;
}
interface ProjectDefinition {
  readonly root: string;
  readonly sourceRoot?: string;
  readonly architect: Record<string, TargetDefinition>;
}

/** angular.json's projects, read the way the CLI's workspace host reads them (options, configurations, metadata). */
async function readWorkspace(root: string): Promise<WorkspaceHost> {
  const { projects } = JSON.parse(await fs.readFile(path.join(root, 'angular.json'), 'utf8')) as {
    projects: Record<string, ProjectDefinition>;
  };
  const targetOf = (project: string, target: string) => {
    const found = projects[project]?.architect[target];
    if (!found) throw new Error(`angular.json has no target ${project}:${target}`);
    return found;
  };
  return {
    getBuilderName: async (project, target) => targetOf(project, target).builder,
    async getOptions(project, target, configuration) {
      const definition = targetOf(project, target);
      if (configuration === undefined) return definition.options ?? {};
      const options = definition.configurations?.[configuration];
      if (!options)
        throw new Error(`angular.json has no configuration '${configuration}' for ${project}:${target}`);
      return options;
    },
    async getMetadata(project) {
      const definition = projects[project];
      if (!definition) throw new Error(`Project "${project}" does not exist.`);
      return { root: definition.root, sourceRoot: definition.sourceRoot };
    },
    hasTarget: async (project, target) => Boolean(projects[project]?.architect[target]),
    getDefaultConfigurationName: async (project, target) =>
      projects[project]?.architect[target]?.defaultConfiguration,
  };
}

/** `@angular-devkit/core` as architect itself loads it (the host's install has it only as architect's dependency). */
function angularDevkitCore(host: AngularHost): AngularDevkitCore {
  const architectDir = path.dirname(requireFrom(host).resolve(hostPackages.architectManifest));
  return createRequire(path.join(architectDir, 'package.json'))(hostPackages.devkitCore) as AngularDevkitCore;
}

/**
 * Architect from the host's install, with our builder taken from source, and the schema registry the CLI
 * gives it (`ng`'s architect command): defaults filled in, as `ng serve` users get them.
 */
async function createArchitect(host: AngularHost, root: string): Promise<Architect> {
  const require = requireFrom(host);
  const { Architect } = require(hostPackages.architect) as {
    Architect: new (host: unknown, registry: unknown) => Architect;
  };
  const { json } = angularDevkitCore(host);
  const registry = new json.schema.CoreSchemaRegistry();
  registry.addPostTransform(json.schema.transforms.addUndefinedDefaults);
  const { WorkspaceNodeModulesArchitectHost } = require(hostPackages.architectNode) as {
    WorkspaceNodeModulesArchitectHost: ArchitectHostClass;
  };
  class SourceBuilderHost extends WorkspaceNodeModulesArchitectHost {
    override async loadBuilder(info: BuilderInfo): Promise<unknown> {
      if (info.name === '@cors-dev-proxy/angular:dev-server') return devServerBuilder;
      if (info.name === '@cors-dev-proxy/angular:application') return applicationBuilder;
      return super.loadBuilder(info);
    }
  }
  return new Architect(new SourceBuilderHost(await readWorkspace(root), root), registry);
}

/** Angular's logger (`@angular-devkit/core`, architect's own copy), every line handed to `log`; errors also to `onError`. */
function createLogger(
  host: AngularHost,
  log: (line: string) => void,
  onError: (message: string) => void = () => {},
): AngularLogger {
  const { logging } = angularDevkitCore(host);
  const logger = new logging.Logger('ng');
  logger.subscribe((entry) => {
    for (const line of entry.message.split('\n')) if (line.trim()) log(line);
    if (entry.level === 'error' || entry.level === 'fatal') onError(entry.message);
  });
  return logger;
}

/** The first output of a run: the dev server listening, or the build failing. */
function firstOutput(run: BuilderRun): Promise<BuilderOutput> {
  return new Promise((resolve, reject) => {
    run.output.subscribe({ next: resolve, error: reject });
  });
}

/**
 * The Node server behind a URL, seen on its first request (`http.server.request.start` carries the server):
 * Angular hands out no handle to Vite's server. That request is also the one our middleware attaches its
 * upgrade listener on, as a browser's first page load does for users.
 */
async function serverBehind(url: string): Promise<Server> {
  const port = Number(new URL(url).port);
  let onRequest: (message: unknown) => void = () => {};
  const seen = new Promise<Server>((resolve) => {
    onRequest = (message) => {
      const { server } = message as { server: Server };
      if ((server.address() as AddressInfo | null)?.port === port) resolve(server);
    };
  });
  diagnosticsChannel.subscribe('http.server.request.start', onRequest);
  try {
    const response = await fetch(`${url}/`);
    await response.arrayBuffer();
    return await seen;
  } finally {
    diagnosticsChannel.unsubscribe('http.server.request.start', onRequest);
  }
}

/** Angular's dev server is Vite: its client opens the HMR socket with `vite-hmr`, greeted with `{"type":"connected"}`. */
async function openAngularHmrSocket(url: string): Promise<string> {
  const hello = await firstMessage(wsUrlOf(url), { protocol: 'vite-hmr' });
  if ((JSON.parse(hello) as { type?: string }).type !== 'connected') {
    throw new Error(`Angular's (Vite's) HMR socket greeted with ${hello}, not {"type":"connected"}`);
  }
  return hello;
}

/** The fixture's app: a standalone, zoneless component on `#app` that reads "fixture ready". */
const fixtureMain = [
  "import { Component, provideZonelessChangeDetection } from '@angular/core';",
  "import { bootstrapApplication } from '@angular/platform-browser';",
  '',
  "@Component({ selector: '[id=app]', template: 'fixture ready' })",
  'class App {}',
  '',
  'bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error) => console.error(error));',
  '',
].join('\n');

/**
 * The fixture as an Angular workspace: main.ts (the fixture's component, or `options.main` for a test of
 * Angular's own code such as HttpClient, whose `#app` must also read "fixture ready"); style.css as a global style.
 */
export async function writeAngularProject(
  host: AngularHost,
  root: string,
  options: { readonly main?: string } = {},
): Promise<void> {
  await fs.symlink(path.join(hostsDir, host, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  await fs.rm(path.join(root, 'main.js'));
  const html = await fs.readFile(path.join(root, 'index.html'), 'utf8');
  // Angular adds its own scripts and the stylesheet's link, relative to <base href> as in every Angular app
  // (without it a deep link such as /apix/page would load /apix/main.js).
  await fs.writeFile(
    path.join(root, 'index.html'),
    html
      .replace('<script type="module" src="/main.js"></script>', '')
      .replace('<head>', '<head><base href="/">'),
  );
  await fs.writeFile(path.join(root, 'main.ts'), options.main ?? fixtureMain);
  await fs.writeFile(
    path.join(root, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ES2022',
          moduleResolution: 'bundler',
          strict: true,
          skipLibCheck: true,
          isolatedModules: true,
          experimentalDecorators: false,
          lib: ['ES2022', 'DOM'],
        },
        files: ['main.ts'],
      },
      null,
      2,
    )}\n`,
  );
  // Both targets on our builders, as an app that wants `ng build`'s audit has them.
  const build: TargetDefinition = {
    builder: '@cors-dev-proxy/angular:application',
    options: {
      browser: 'main.ts',
      index: 'index.html',
      tsConfig: 'tsconfig.json',
      styles: ['style.css'],
      outputPath: 'dist',
      polyfills: [],
    },
    configurations: {
      // No source maps: with them every rebuild writes a main.js with a new `debugId` (seen on Angular 22),
      // so an edit of style.css alone looks like a script change and Angular reloads the page instead of
      // sending the stylesheet update.
      development: { optimization: false, extractLicenses: false, sourceMap: false },
      production: { outputHashing: 'all' },
    },
    defaultConfiguration: 'production',
  };
  const serve: TargetDefinition = {
    builder: '@cors-dev-proxy/angular:dev-server',
    options: { buildTarget: 'app:build:development' },
  };
  await fs.writeFile(
    path.join(root, 'angular.json'),
    `${JSON.stringify(
      {
        version: 1,
        cli: { analytics: false },
        projects: {
          app: { projectType: 'application', root: '', sourceRoot: '.', architect: { build, serve } },
        },
      },
      null,
      2,
    )}\n`,
  );
}

/** `ng serve --host 127.0.0.1 --port <port>` with the options in angular.json's serve target (or none: the config file). */
async function ngServe(host: AngularHost, options: CorsDevProxyOptions | undefined, setup: HostSetup) {
  // Angular 22 lets PORT override --port (ENVIRONMENT.md): the contracts pass the port they mean.
  delete process.env.PORT;
  const architect = await createArchitect(host, setup.root);
  const logger = createLogger(host, setup.log);
  const run = await architect.scheduleTarget(
    { project: 'app', target: 'serve' },
    {
      host: '127.0.0.1',
      port: setup.port,
      allowedHosts: [...setup.allowedHosts],
      watch: setup.watchFiles,
      // Vite's dependency optimizer runs in the background after the server listens; contracts that close
      // a host within a second (dozens per tier) would kill it mid-run ("JavaScriptTransformer closed",
      // unhandled in Vite). Without it Angular bundles the dependencies into main.js: the same server.
      prebundle: false,
      ...(options === undefined ? {} : { corsDevProxy: options }),
    },
    { logger },
  );
  const output = await firstOutput(run);
  if (!output.success || !output.baseUrl) {
    await run.stop();
    throw new Error(`ng serve (${host}) failed: ${output.error ?? 'no URL'}`);
  }
  const url = `http://127.0.0.1:${new URL(output.baseUrl).port}`;
  const server = await serverBehind(url);
  return {
    url,
    server,
    async close() {
      await run.stop();
      if (server.listening) await new Promise<void>((resolve) => server.once('close', () => resolve()));
      logger.complete();
    },
  };
}

/** `ng build` (the production configuration) with `@cors-dev-proxy/angular:application`. */
async function ngBuild(host: AngularHost, options: CorsDevProxyOptions | undefined, setup: BuildSetup) {
  const architect = await createArchitect(host, setup.root);
  const errors: string[] = [];
  const logger = createLogger(host, setup.log, (message) => errors.push(message));
  const run = await architect.scheduleTarget(
    { project: 'app', target: 'build', configuration: 'production' },
    options === undefined ? {} : { corsDevProxy: options },
    { logger },
  );
  const output = await run.result;
  await run.stop();
  logger.complete();
  return output.success
    ? { failed: false }
    : { failed: true, error: errors.join('\n') || output.error || `ng build (${host}) failed` };
}

/** `ng serve` with `@cors-dev-proxy/angular:dev-server` and `ng build` with `:application`, on one Angular major. */
export function angularHarness(host: AngularHost): HostHarness {
  return {
    name: `${host} serve`,
    allowedHostsSetting: "allowedHosts in angular.json (the serve target's options)",
    // Angular's headers, assets and Vite's host check run before our middleware.
    capabilities: { hmr: true, browserChannel: 'event-stream', build: true, takesRequestsFirst: false },
    // Angular closes its file watcher after `stop()` has resolved (on abort it runs `void watcher.close()`):
    // a project removed under the live @parcel/watcher subscription makes that close reject, unhandled
    // ("Unable to remove watcher: Invalid argument", seen in CI). The project stays until the watcher is gone.
    projectLingerMs: 5_000,
    prepareProject: (root) => writeAngularProject(host, root),
    async start(options, setup) {
      const running = await ngServe(host, options, setup);
      return { ...running, openHmrSocket: () => openAngularHmrSocket(running.url) };
    },
    build: (options, setup) => ngBuild(host, options, setup),
  };
}
