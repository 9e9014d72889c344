import { planNgAdd } from './ng-add/update-workspace.js';

/** `ng add @cors-dev-proxy/angular`'s options (ng-add.schema.json). */
export interface NgAddOptions {
  /** The project to set up; the CLI fills in the one the command runs in (`$source: projectName`). */
  readonly project?: string;
}

/**
 * The parts of `@angular-devkit/schematics`' Tree and context this schematic uses. The Angular CLI hands them
 * to the factory, so the schematic needs no copy of the schematics runtime of its own (none is installed for
 * it: the CLI's is the one that runs it).
 */
export interface WorkspaceTree {
  exists(path: string): boolean;
  read(path: string): { toString(encoding: 'utf8'): string } | null;
  overwrite(path: string, content: string): void;
}
export interface SchematicContextLike {
  readonly logger: { info(message: string): void; warn(message: string): void };
}

/**
 * `ng add @cors-dev-proxy/angular` (collection.json's `ng-add`): the project's dev-server and application
 * targets on our builders, its proxy.conf.json converted into `corsDevProxy` where it converts
 * (`planNgAdd`, pure); this is the I/O around it. Schematics load `factory#name`, so the export is named.
 */
export function ngAdd(options: NgAddOptions) {
  return function corsDevProxyNgAdd(tree: WorkspaceTree, context: SchematicContextLike): WorkspaceTree {
    const workspaceFile = ['angular.json', '.angular.json'].find((file) => tree.exists(file));
    if (!workspaceFile) {
      throw new Error(
        '[cors-dev-proxy] ng add found no angular.json here.\n  Run it in the folder of your Angular workspace (the one with angular.json).',
      );
    }
    const readFile = (file: string) => {
      try {
        return tree.read(file)?.toString('utf8') ?? undefined;
      } catch {
        // Outside the workspace (`proxyConfig: "../proxy.conf.json"`): the Tree refuses to read it.
        return undefined;
      }
    };
    const plan = planNgAdd({
      workspace: readFile(workspaceFile) ?? '',
      workspaceFile,
      project: options.project,
      readFile,
    });
    for (const [file, content] of plan.files) tree.overwrite(file, content);
    const { logger } = context;
    if (plan.changes.length === 0) {
      logger.info(`[cors-dev-proxy] project '${plan.project}' is already set up: nothing to change.`);
    } else {
      logger.info(`[cors-dev-proxy] set up project '${plan.project}':`);
      for (const change of plan.changes) logger.info(`  ${change}`);
    }
    for (const note of plan.notes) logger.warn(`[cors-dev-proxy] ${note}`);
    if (plan.changes.length > 0) {
      logger.info(
        '[cors-dev-proxy] `ng serve` now proxies through cors-dev-proxy; options: corsDevProxy in angular.json, or cors-dev-proxy.config.* in the project root.',
      );
    }
    return tree;
  };
}
