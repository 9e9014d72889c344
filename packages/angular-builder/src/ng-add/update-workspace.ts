import path from 'node:path';
import { CorsDevProxyError, configFileNames } from 'cors-dev-proxy';
import { type JSONPath, parse } from 'jsonc-parser';
import { convertProxyConfig, type JsonRoute } from './convert-proxy-config.js';
import { removeAt, setAt } from './json-edits.js';

export const ourDevServer = '@cors-dev-proxy/angular:dev-server';
export const ourApplication = '@cors-dev-proxy/angular:application';

/** Angular's builders ours wrap (`@angular-devkit/build-angular:application` is an alias of Angular's). */
const devServers = new Set(['@angular/build:dev-server', '@angular-devkit/build-angular:dev-server']);
const applications = new Set(['@angular/build:application', '@angular-devkit/build-angular:application']);
/** Build targets Angular's Vite dev server (and so ours) can serve. */
const servable = new Set([...applications, ourApplication]);

export interface NgAddInput {
  /** angular.json's text. */
  readonly workspace: string;
  /** Its name: `angular.json`, or `.angular.json` where a workspace has that. */
  readonly workspaceFile?: string;
  /** `--project`; else the only project, or the only application. */
  readonly project?: string | undefined;
  /** A file of the workspace by its path relative to the workspace root, undefined when there is none. */
  readonly readFile: (file: string) => string | undefined;
}

export interface NgAddResult {
  readonly project: string;
  /** The files to write (angular.json, a proxy config that lost its converted entries), by path. */
  readonly files: ReadonlyMap<string, string>;
  /** What changed, one line each. */
  readonly changes: readonly string[];
  /** What stayed as it was and why: print them whether anything changed or not. */
  readonly notes: readonly string[];
}

interface Target {
  readonly builder?: unknown;
  readonly options?: Record<string, unknown>;
  readonly configurations?: Record<string, Record<string, unknown> | undefined>;
}
interface Project {
  readonly root?: unknown;
  readonly projectType?: unknown;
  readonly architect?: Record<string, Target>;
  readonly targets?: Record<string, Target>;
}

/**
 * What `ng add @cors-dev-proxy/angular` does to a workspace, as a pure function of its files: the dev-server
 * and application targets of one project move to our builders, and each `proxyConfig` of the dev-server target
 * (its options and each configuration) that is a JSON file becomes `corsDevProxy` beside it, through the core's
 * adoption. `proxyConfig` goes only when every entry converted; otherwise the converted entries leave the file
 * (or each `ng serve` would warn that they overlap our routes) and the rest stay with Angular's proxy. Edits
 * keep the files' comments and layout. Running it again on its result changes nothing.
 */
export function planNgAdd(input: NgAddInput): NgAddResult {
  const workspace = parse(input.workspace, [], { allowTrailingComma: true }) as {
    projects?: Record<string, Project>;
  };
  const projects = workspace.projects ?? {};
  const name = pickProject(projects, input.project);
  const project = projects[name] as Project;
  const targetsKey = project.architect ? 'architect' : 'targets';
  const targets = project[targetsKey] ?? {};
  let text = input.workspace;
  const edit = (at: JSONPath, value: unknown) => {
    const full = ['projects', name, targetsKey, ...at];
    text = value === undefined ? removeAt(text, [full]) : setAt(text, full, value);
  };
  const files = new Map<string, string>();
  const changes: string[] = [];
  const notes: string[] = [];

  for (const [targetName, target] of Object.entries(targets)) {
    const builder = target.builder;
    if (typeof builder !== 'string') continue;
    if (applications.has(builder)) {
      edit([targetName, 'builder'], ourApplication);
      changes.push(`${targetName}: builder ${builder} → ${ourApplication}`);
    } else if (devServers.has(builder)) {
      const buildBuilder = unservableBuild(projects, name, target);
      if (buildBuilder !== undefined) {
        notes.push(
          `${targetName}: left on ${builder}: its build target uses ${buildBuilder}, and ${ourDevServer} runs on Angular's Vite dev server, which serves @angular/build:application builds only (\`ng update @angular/cli --name use-application-builder\` moves a project to it).`,
        );
        continue;
      }
      edit([targetName, 'builder'], ourDevServer);
      changes.push(
        `${targetName}: builder ${builder} → ${ourDevServer}${builder.startsWith('@angular-devkit/') ? " (which runs Angular's @angular/build:dev-server, the one the deprecated @angular-devkit/build-angular:dev-server delegates to for application builds)" : ''}`,
      );
    } else if (builder !== ourDevServer) {
      if (/:dev-server$/.test(builder)) {
        notes.push(`${targetName}: left on ${builder}, which ${ourDevServer} does not wrap.`);
      }
      continue;
    }
    convertProxyConfigs(targetName, target);
  }
  if (changes.length === 0 && notes.length === 0 && !Object.values(targets).some(isOurs)) {
    notes.push(
      `project '${name}' has no target on @angular/build:dev-server or @angular/build:application: nothing to switch.`,
    );
  }
  if (text !== input.workspace) files.set(input.workspaceFile ?? 'angular.json', text);
  return { project: name, files, changes, notes };

  function convertProxyConfigs(targetName: string, target: Target) {
    const locations: [label: string, at: JSONPath, options: Record<string, unknown>][] = [];
    if (target.options) locations.push([targetName, [targetName, 'options'], target.options]);
    for (const [configuration, options] of Object.entries(target.configurations ?? {})) {
      if (options) {
        locations.push([
          `${targetName} (configuration ${configuration})`,
          [targetName, 'configurations', configuration],
          options,
        ]);
      }
    }
    const withProxy = locations.filter(([, , options]) => typeof options.proxyConfig === 'string');
    if (withProxy.length === 0) return;
    const configFile = locations.find(([, , options]) => typeof options.corsDevProxyConfig === 'string');
    const root = typeof project.root === 'string' ? project.root : '';
    const found = configFileNames
      .map((file) => path.posix.join(root, file))
      .find((file) => input.readFile(file) !== undefined);
    if (configFile || found) {
      notes.push(
        `${targetName}: proxyConfig left as it is: the project has ${found ?? `corsDevProxyConfig '${configFile?.[2].corsDevProxyConfig}'`}, which the builder reads instead of adopting proxyConfig (it warns at \`ng serve\` about entries that overlap its routes).`,
      );
      return;
    }
    type Options = { routes?: Record<string, JsonRoute> } | undefined;
    // What the options' corsDevProxy is after this run, for configurations that read the same file.
    let base = target.options?.corsDevProxy as Options;
    const baseFile = typeof target.options?.proxyConfig === 'string' ? target.options.proxyConfig : undefined;
    for (const [label, at, options] of withProxy) {
      const proxyConfig = options.proxyConfig as string;
      const file = path.posix.normalize(proxyConfig.replaceAll('\\', '/'));
      if (/\.[cm]?[jt]s$/.test(file)) {
        notes.push(
          `${label}: proxyConfig '${proxyConfig}' left as it is: a module is not converted without running it. The builder adopts its entries each time \`ng serve\` starts; to move them, write them as corsDevProxy.routes and remove proxyConfig.`,
        );
        continue;
      }
      const source = files.get(file) ?? input.readFile(file);
      if (source === undefined) {
        notes.push(`${label}: proxyConfig '${proxyConfig}' left as it is: the file does not exist.`);
        continue;
      }
      // A configuration's corsDevProxy replaces the options' one whole (architect merges top-level keys); one
      // that reads the options' own file gets its routes from the options'.
      const isBase = options === target.options;
      const own = (options.corsDevProxy ??
        (proxyConfig === baseFile ? base : target.options?.corsDevProxy)) as Options;
      let conversion: ReturnType<typeof convertProxyConfig>;
      try {
        conversion = convertProxyConfig(source, own?.routes);
      } catch (error) {
        notes.push(
          `${label}: proxyConfig '${proxyConfig}' left as it is: it is not readable JSON (${(error as Error).message}).`,
        );
        continue;
      }
      const added = Object.keys(conversion.routes).filter((prefix) => own?.routes?.[prefix] === undefined);
      if (added.length > 0) {
        const written = { ...own, routes: { ...own?.routes, ...conversion.routes } };
        edit([...at, 'corsDevProxy'], written);
        if (isBase) base = written;
      }
      const converted = conversion.entries.filter((entry) => entry.routes);
      if (converted.length > 0) {
        changes.push(
          `${label}: ${proxyConfig} entries ${converted.map((entry) => `'${entry.name}'`).join(', ')} → corsDevProxy.routes ${Object.keys(
            conversion.routes,
          )
            .map((prefix) => `'${prefix}'`)
            .join(', ')} (a prefix matches on a segment boundary: '/api' no longer catches '/apix')`,
        );
      }
      if (conversion.allConverted) {
        edit([...at, 'proxyConfig'], undefined);
        changes.push(
          `${label}: proxyConfig removed (every entry converted; ${proxyConfig} is no longer read, delete it when you like).`,
        );
        continue;
      }
      if (conversion.remaining !== undefined) {
        files.set(file, conversion.remaining);
        changes.push(`${label}: the converted entries removed from ${proxyConfig}.`);
      }
      for (const entry of conversion.entries) {
        if (entry.routes) continue;
        notes.push(
          `${label}: ${proxyConfig}['${entry.name}'] stays with Angular's proxy (and proxyConfig in angular.json): ${entry.reason}.${entry.equivalent ? ` To serve it with cors-dev-proxy instead: ${entry.equivalent}.` : ''}`,
        );
      }
    }
  }
}

function isOurs(target: Target): boolean {
  return target.builder === ourDevServer || target.builder === ourApplication;
}

function pickProject(projects: Record<string, Project>, requested: string | undefined): string {
  const names = Object.keys(projects);
  if (requested !== undefined) {
    if (projects[requested]) return requested;
    throw new CorsDevProxyError(
      'CONFIG_INVALID',
      `angular.json has no project '${requested}'.\n  Pass one of ${names.map((n) => `'${n}'`).join(', ') || '(none)'}: ng add @cors-dev-proxy/angular --project ${names[0] ?? 'my-app'}`,
    );
  }
  const applicationNames = names.filter((n) => projects[n]?.projectType === 'application');
  const only =
    names.length === 1 ? names[0] : applicationNames.length === 1 ? applicationNames[0] : undefined;
  if (only !== undefined) return only;
  throw new CorsDevProxyError(
    'CONFIG_INVALID',
    `angular.json has ${names.length === 0 ? 'no projects' : `several projects (${names.map((n) => `'${n}'`).join(', ')})`}: say which one to set up.\n  ng add @cors-dev-proxy/angular --project ${applicationNames[0] ?? names[0] ?? 'my-app'}`,
  );
}

/**
 * The first builder among the targets a dev-server target builds (`buildTarget` in its options and
 * configurations, 'app:build:development'; `<project>:build` when none is given) that ours cannot serve.
 */
function unservableBuild(
  projects: Record<string, Project>,
  project: string,
  target: Target,
): string | undefined {
  const specs = [target.options, ...Object.values(target.configurations ?? {})]
    .map((options) => options?.buildTarget ?? options?.browserTarget)
    .filter((spec): spec is string => typeof spec === 'string');
  for (const spec of specs.length > 0 ? specs : [`${project}:build`]) {
    const [projectName, targetName = 'build'] = spec.split(':');
    const owner = projects[projectName || project];
    const builder = (owner?.architect ?? owner?.targets)?.[targetName]?.builder;
    if (typeof builder === 'string' && !servable.has(builder)) return builder;
  }
  return undefined;
}
