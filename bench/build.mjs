/**
 * The bench measures the BUILT packages, as users get them. Builds them first when a dist file is missing or
 * older than any source file (others edit the sources; a stale dist would measure old code).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  angularBuilderDir,
  builtAngularDevServerEntry,
  repoRoot,
  sharedDir,
  vitePluginDir,
  webpackPluginDir,
} from './resolve-package.mjs';

const packageDirs = [sharedDir, vitePluginDir, webpackPluginDir, angularBuilderDir];
const distFiles = [
  ...[sharedDir, vitePluginDir, webpackPluginDir].map((dir) => path.join(dir, 'dist', 'index.mjs')),
  // The Angular builders are CommonJS (architect requires them); the bench loads :dev-server.
  builtAngularDevServerEntry,
];
const sourceDirs = packageDirs.map((dir) => path.join(dir, 'src'));

/** @param {string} dir @returns {number} */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or undefined when dist is current. */
export function buildReason() {
  const missing = distFiles.find((file) => !existsSync(file));
  if (missing) return `${path.relative(repoRoot, missing)} is missing`;
  const oldestDist = Math.min(...distFiles.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...sourceDirs.map(newestMtime));
  return newestSource > oldestDist ? 'a source file is newer than dist' : undefined;
}

/** @param {(message: string) => void} progress */
export function ensureBuilt(progress) {
  const reason = buildReason();
  if (!reason) return;
  progress(`building the packages (${reason})`);
  // Inside `pnpm run`, pnpm is on PATH; otherwise use the version pinned in packageManager.
  const pinned = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).packageManager;
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => existsSync(path.join(dir, 'pnpm')));
  const [command, args] = onPath ? ['pnpm', ['run', 'build']] : ['npx', ['-y', pinned, 'run', 'build']];
  // The build's output goes to stderr with the progress lines: stdout is the report.
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (result.status !== 0)
    throw new Error(`the build failed (${command} ${args.join(' ')} exited ${result.status})`);
}
