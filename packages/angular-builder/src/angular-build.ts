import { createRequire } from 'node:module';
import path from 'node:path';
import type { buildApplication, executeDevServerBuilder } from '@angular/build';

/** The part of `@angular/build` this builder calls. */
export interface AngularBuild {
  readonly executeDevServerBuilder: typeof executeDevServerBuilder;
  readonly buildApplication: typeof buildApplication;
}

/**
 * The `@angular/build` the workspace itself uses, resolved from the workspace root the way architect resolves
 * `@angular/build:dev-server` (so `context.validateOptions` and the server come from the same copy), and this
 * package's own peer only when the workspace has none. One `@angular/build` in a project is the rule; a second
 * copy next to this package (a linked checkout, a pnpm store with two majors) must not serve the app.
 */
export function loadAngularBuild(workspaceRoot: string): AngularBuild {
  const fromWorkspace = createRequire(path.join(workspaceRoot, 'package.json'));
  try {
    return fromWorkspace('@angular/build') as AngularBuild;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return createRequire(import.meta.url)('@angular/build') as AngularBuild;
  }
}
