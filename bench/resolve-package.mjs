import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const vitePluginDir = path.join(repoRoot, 'packages', 'vite-plugin');
export const sharedDir = path.join(repoRoot, 'packages', 'shared');
/** The plugin as users get it: the built package, not the sources. */
export const builtPluginEntry = path.join(vitePluginDir, 'dist', 'index.mjs');
export const webpackPluginDir = path.join(repoRoot, 'packages', 'webpack-plugin');
/** The webpack adapter as users get it (built). */
export const builtWebpackPluginEntry = path.join(webpackPluginDir, 'dist', 'index.mjs');
/**
 * webpack 5 + webpack-dev-server 6 + webpack-cli 7 as their users install them: a private workspace package
 * (test/webpack-hosts/wds6), shared with the host suite. The webpack systems resolve their host from here only.
 */
export const wds6HostDirs = [path.join(repoRoot, 'test', 'webpack-hosts', 'wds6')];
export const angularBuilderDir = path.join(repoRoot, 'packages', 'angular-builder');
/** The Angular builders as users get them (built; architect `require`s this file for `:dev-server`). */
export const builtAngularDevServerEntry = path.join(angularBuilderDir, 'dist', 'dev-server.cjs');
/**
 * Angular 22 (@angular/build, @angular/cli, the framework) as its users install it: a private workspace package
 * (test/angular-hosts/ng22), shared with the host suite, whose node_modules links the built
 * `@cors-dev-proxy/angular`. The Angular systems resolve their host from here only.
 */
export const ng22HostDirs = [path.join(repoRoot, 'test', 'angular-hosts', 'ng22')];

/**
 * Where a package is found: the repository root first, then the Vite plugin's own dependencies (Vite 8 is a
 * devDependency there, not at the root).
 * @param {string} name
 * @param {readonly string[]} [fromDirs]
 * @returns {string | undefined} absolute path of the package's entry
 */
export function resolvePackage(name, fromDirs = [repoRoot, vitePluginDir]) {
  for (const dir of fromDirs) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      return createRequire(manifest).resolve(name);
    } catch {
      // not installed there; try the next place
    }
  }
  return undefined;
}

/**
 * @param {string} name
 * @param {readonly string[]} [fromDirs]
 * @returns {Promise<any>}
 */
export async function importPackage(name, fromDirs) {
  const entry = resolvePackage(name, fromDirs);
  if (!entry)
    throw new Error(
      `${name} is not installed (looked in ${(fromDirs ?? [repoRoot, vitePluginDir]).join(', ')})`,
    );
  return import(pathToFileURL(entry).href);
}

/**
 * The version of an installed package, or undefined.
 * @param {string} name
 * @param {readonly string[]} [fromDirs]
 */
export function packageVersion(name, fromDirs) {
  const entry = resolvePackage(name, fromDirs);
  if (!entry) return undefined;
  // Walk up from the entry: not every package exports ./package.json.
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const json = JSON.parse(readFileSync(manifest, 'utf8'));
    if (json.name === name) return json.version;
  }
  return undefined;
}
