/**
 * Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`): the functions with the most self time, and
 * self time per area (cors-dev-proxy's dist, each package in node_modules, Node internals, GC, idle).
 * Used by `--profile`; also runs alone: `node bench/cpu-profile.mjs <file.cpuprofile> [top]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './report.mjs';
import { repoRoot } from './resolve-package.mjs';

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number, columnNumber: number },
 *   children?: number[] }} ProfileNode
 * @typedef {{ name: string, location: string, area: string, selfMs: number, share: number }} HotFunction
 */

/** @param {string} url */
export function areaOf(url) {
  if (!url) return '(V8/native)';
  if (url.startsWith('node:')) return 'node internals';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = file.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (file.includes('/packages/shared/')) return 'cors-dev-proxy (shared)';
  if (file.includes('/packages/vite-plugin/')) return 'cors-dev-proxy (vite)';
  return path.relative(repoRoot, file);
}

/**
 * @param {string} file
 * @param {number} [top]
 */
export function summarizeCpuProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Map<number, ProfileNode>} */
  const nodes = new Map(profile.nodes.map((/** @type {ProfileNode} */ node) => [node.id, node]));
  /** @type {Map<number, number>} self time in microseconds per node id */
  const selfUs = new Map();
  for (let index = 0; index < profile.samples.length; index++) {
    const id = profile.samples[index];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const totalUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  /** @type {Map<string, HotFunction>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const byArea = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = /** @type {ProfileNode} */ (nodes.get(id)).callFrame;
    const name = functionName || '(anonymous)';
    const location = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const area =
      name === '(idle)' ? '(idle)' : name === '(garbage collector)' ? '(garbage collector)' : areaOf(url);
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { name, location, area, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    byFunction.set(key, entry);
    byArea.set(area, (byArea.get(area) ?? 0) + us / 1000);
  }
  const busyMs = totalUs / 1000 - (byArea.get('(idle)') ?? 0);
  const ownCode = inclusiveOwnCode(nodes, selfUs, profile.nodes[0].id, busyMs);
  const functions = [...byFunction.values()]
    .filter((entry) => entry.name !== '(idle)')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map((entry) => ({ ...entry, share: entry.selfMs / busyMs }));
  const areas = [...byArea.entries()]
    .filter(([area]) => area !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .map(([area, ms]) => ({ area, selfMs: ms, share: ms / busyMs }));
  return { file, totalMs: totalUs / 1000, busyMs, functions, areas, ownCode };
}

/**
 * Inclusive time (self + callees) of each function in cors-dev-proxy's own code, counted once per stack
 * (recursion and re-entry through callbacks do not double count), with the source file it comes from.
 * @param {Map<number, ProfileNode>} nodes
 * @param {Map<number, number>} selfUs
 * @param {number} rootId
 * @param {number} busyMs
 */
function inclusiveOwnCode(nodes, selfUs, rootId, busyMs) {
  /** @type {Map<string, { name: string, source: string, inclusiveMs: number, selfMs: number }>} */
  const byFunction = new Map();
  /** @type {Map<number, number>} */
  const totals = new Map();
  const totalOf = (/** @type {number} */ id) => {
    const cached = totals.get(id);
    if (cached !== undefined) return cached;
    const node = /** @type {ProfileNode} */ (nodes.get(id));
    const total =
      (selfUs.get(id) ?? 0) + (node.children ?? []).reduce((sum, child) => sum + totalOf(child), 0);
    totals.set(id, total);
    return total;
  };
  const walk = (/** @type {number} */ id, /** @type {Set<string>} */ onStack) => {
    const node = /** @type {ProfileNode} */ (nodes.get(id));
    const { functionName, url } = node.callFrame;
    const own = areaOf(url).startsWith('cors-dev-proxy');
    const key = `${functionName}@${url}`;
    let next = onStack;
    if (own && functionName) {
      const entry = byFunction.get(key) ?? {
        name: functionName,
        source: sourceOf(functionName, url),
        inclusiveMs: 0,
        selfMs: 0,
      };
      entry.selfMs += (selfUs.get(id) ?? 0) / 1000;
      if (!onStack.has(key)) entry.inclusiveMs += totalOf(id) / 1000;
      byFunction.set(key, entry);
      next = new Set(onStack).add(key);
    }
    for (const child of node.children ?? []) walk(child, next);
  };
  walk(rootId, new Set());
  return [...byFunction.values()]
    .sort((a, b) => b.inclusiveMs - a.inclusiveMs)
    .map((entry) => ({ ...entry, share: entry.inclusiveMs / busyMs }));
}

/** @type {Map<string, string[]>} */
const sourceFiles = new Map();

/**
 * The source file (packages/<pkg>/src/…) that defines a function found in a bundled dist file: the dist has
 * no source maps, but bundling keeps function names.
 * @param {string} name
 * @param {string} url
 */
function sourceOf(name, url) {
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const match = /\/packages\/([^/]+)\/dist\//.exec(file);
  if (!match) return shortUrl(url);
  const srcDir = path.join(repoRoot, 'packages', match[1], 'src');
  let files = sourceFiles.get(srcDir);
  if (!files) {
    files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    sourceFiles.set(srcDir, files);
  }
  const definition = new RegExp(
    `(function\\s+${name}\\b|\\b${name}\\s*[(:=]\\s*(async\\s*)?(function|\\(|[a-zA-Z_]+\\s*=>)|^\\s*(async\\s+)?${name}\\s*\\()`,
    'm',
  );
  const found = files.find((f) => definition.test(readFileSync(path.join(srcDir, f), 'utf8')));
  return found ? `packages/${match[1]}/src/${found}` : `${shortUrl(url)} (bundled)`;
}

/** @param {string} url */
function shortUrl(url) {
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules !== -1) return file.slice(modules + '/node_modules/'.length);
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file;
}

/** @param {ReturnType<typeof summarizeCpuProfile>} summary */
export function formatCpuProfile(summary) {
  const percent = (/** @type {number} */ share) => `${(share * 100).toFixed(1)} %`;
  return [
    `CPU profile ${path.relative(repoRoot, summary.file)}: ${(summary.busyMs / 1000).toFixed(1)} s busy of ${(summary.totalMs / 1000).toFixed(1)} s`,
    '',
    markdownTable([
      ['area', 'self ms', 'share of busy'],
      ...summary.areas.map((area) => [area.area, area.selfMs.toFixed(0), percent(area.share)]),
    ]),
    '',
    markdownTable([
      ['function', 'where', 'self ms', 'share of busy'],
      ...summary.functions.map((fn) => [fn.name, fn.location, fn.selfMs.toFixed(0), percent(fn.share)]),
    ]),
    ...(summary.ownCode.length > 0
      ? [
          '',
          "cors-dev-proxy's own functions, inclusive time (self + everything they call):",
          '',
          markdownTable([
            ['function', 'source', 'inclusive ms', 'share of busy', 'self ms'],
            ...summary.ownCode
              .slice(0, 15)
              .map((fn) => [
                fn.name,
                fn.source,
                fn.inclusiveMs.toFixed(0),
                percent(fn.share),
                fn.selfMs.toFixed(0),
              ]),
          ]),
        ]
      : []),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/cpu-profile.mjs <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatCpuProfile(summarizeCpuProfile(file, Number(top ?? 25)))}\n`);
}
