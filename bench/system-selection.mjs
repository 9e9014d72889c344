/**
 * Which systems a run compares, from two options of bench/run.mjs:
 * `--baseline=<checkout>` adds cors-dev-proxy built in another checkout (an earlier commit) right after
 * cors-dev-proxy in every workload that runs it, and `--systems=<ids>` keeps only the rows named (an A/B run of
 * a few systems takes minutes instead of the whole table's quarter hour).
 * @typedef {import('./systems/index.mjs').SystemDescriptor} SystemDescriptor
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './resolve-package.mjs';
import { corsDevProxyBaseline } from './systems/cors-dev-proxy.mjs';
import { systems } from './systems/index.mjs';

/** A bad `--baseline` or `--systems`: the message names the problem and the fix. */
export class SelectionError extends Error {}

/**
 * The baseline's descriptor: the checkout must hold a built Vite plugin (its own install and build).
 * @param {string} checkout
 * @returns {SystemDescriptor}
 */
export function resolveBaseline(checkout) {
  const root = path.resolve(checkout);
  const pluginEntry = path.join(root, 'packages', 'vite-plugin', 'dist', 'index.mjs');
  // This checkout itself (bench:smoke's A/A row) is built by ensureBuilt before any system starts.
  if (root !== path.resolve(repoRoot) && !existsSync(pluginEntry)) {
    throw new SelectionError(
      `--baseline=${checkout}: no built Vite plugin at ${pluginEntry}. Make one with:\n` +
        `  git worktree add ${checkout} <commit> && cd ${checkout} && npx -y pnpm@10.34.8 install --frozen-lockfile && npx -y pnpm@10.34.8 run build`,
    );
  }
  let commit = path.basename(root);
  try {
    commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout (a copied tree): its folder name labels it.
  }
  return corsDevProxyBaseline({ pluginEntry, commit });
}

/**
 * @param {{ baseline?: SystemDescriptor, only?: string[] }} options
 * @returns {(descriptors: readonly SystemDescriptor[]) => SystemDescriptor[]}
 */
export function createSystemSelection({ baseline, only }) {
  if (only) {
    const known = new Set([...Object.values(systems).map((descriptor) => descriptor.id), 'cdp-baseline']);
    const unknown = only.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new SelectionError(
        `--systems: unknown ${unknown.map((id) => `"${id}"`).join(', ')}; the ids are ${[...known].join(', ')}`,
      );
    }
    if (only.includes('cdp-baseline') && !baseline) {
      throw new SelectionError(
        '--systems names cdp-baseline: give the checkout to compare with --baseline=<checkout>',
      );
    }
  }
  return (descriptors) => {
    const withBaseline = baseline
      ? descriptors.flatMap((descriptor) => (descriptor.id === 'cdp' ? [descriptor, baseline] : [descriptor]))
      : [...descriptors];
    return only ? withBaseline.filter((descriptor) => only.includes(descriptor.id)) : withBaseline;
  };
}
