// The process plumbing of scripts/check-packages.mjs and its host checks (webpack-apps.mjs): named steps with
// their durations, child processes in their own process groups (so a timeout or a failure kills whole trees),
// an environment that does not leak this repository into the temp apps, and dev servers started until they
// print their URL.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, readFile } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const controller = new AbortController();
export const { signal } = controller;
/** @type {Set<import('node:child_process').ChildProcess>} */
export const children = new Set();
/** @type {{ step: string, ms: number }[]} */
export const passed = [];
let current = 'setup';

/** The step running now, for the timeout and failure messages. */
export function currentStep() {
  return current;
}

export function log(message) {
  console.log(`[check-packages] ${message}`);
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

export async function step(name, fn) {
  current = name;
  log(`▶ ${name}`);
  const t0 = performance.now();
  const result = await fn();
  passed.push({ step: name, ms: performance.now() - t0 });
  return result;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Where the registry is and how to reach it: settings a user or CI may pass as npm_config_* on purpose.
const KEPT_NPM_SETTINGS = new Set(
  [
    'registry',
    'cache',
    'userconfig',
    'globalconfig',
    'ca',
    'cafile',
    'strict_ssl',
    'proxy',
    'https_proxy',
    'noproxy',
  ].map((name) => `npm_config_${name}`),
);

// Children inherit this: Node 24 first (so `npm`, the .bin shims and the dev servers run on the same Node as we
// do), and none of the other npm_* variables that `pnpm run` sets: npm_config_local_prefix=<repo> alone would
// make the temp app's `npm install` treat the repo as its project. No NODE_PATH either: the repo's
// node_modules/.bin/node shim (the `node` devDependency) sets it to <repo>/node_modules/.pnpm/node_modules, where
// pnpm hoists webpack, webpack-dev-server, @rspack/* and vite; with it, a temp app missing a dependency would
// quietly load the repo's copy instead of failing.
export function childEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (key === 'NODE_PATH') continue;
    if (!lower.startsWith('npm_') || KEPT_NPM_SETTINGS.has(lower)) env[key] = value;
  }
  env.PATH = [dirname(process.execPath), join(root, 'node_modules', '.bin'), process.env.PATH].join(
    delimiter,
  );
  return { ...env, ...extra };
}

export function killTree(child, sig) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the whole process group (children are spawned detached, so each leads its own group).
    process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}

/** Runs a command to completion and resolves with its stdout; output is shown live unless `quiet`, and ends up in the error. */
export function run(command, args, { cwd = root, timeoutMs = 120_000, quiet = false, env = {} } = {}) {
  return new Promise((resolvePromise, reject) => {
    const printable = `${command} ${args.join(' ')}`;
    const child = spawn(command, args, {
      cwd,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const collect = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        if (!quiet) sink.write(chunk);
      });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    const timer = setTimeout(() => {
      killTree(child, 'SIGKILL');
      reject(new Error(`\`${printable}\` did not finish within ${seconds(timeoutMs)} (in ${cwd}).`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`\`${printable}\` could not start: ${error.message}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolvePromise(stdout);
      else {
        const tail = quiet ? `:\n${output.trim().split('\n').slice(-80).join('\n')}` : ' (output above)';
        reject(new Error(`\`${printable}\` exited with ${code ?? sig} in ${cwd}${tail}`));
      }
    });
  });
}

/**
 * Runs a command and resolves with its exit status and output whatever the status, for commands expected to fail.
 * Asynchronous (like run): the test upstream lives in this process and must keep answering.
 */
export function capture(command, args, { cwd = root, timeoutMs = 60_000, env = {} } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    const result = { status: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => {
      result.stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      result.stderr += chunk;
    });
    const timer = setTimeout(() => killTree(child, 'SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`\`${command} ${args.join(' ')}\` could not start: ${error.message}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      children.delete(child);
      resolvePromise({ ...result, status: code ?? sig });
    });
  });
}

/**
 * Starts a long-running dev server and resolves with `{ child, url, output }` once its output matches `urlPattern`
 * (group 1: the base URL); `output()` is everything it printed so far, colour escapes stripped.
 */
export function startServer(command, args, { cwd, urlPattern, label, timeoutMs = 30_000, env = {} }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv({ NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    let text = '';
    const output = () => text;
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const onData = (chunk) => {
      // Colours are off, but strip escapes anyway in case a tool ignores NO_COLOR.
      text += stripVTControlCharacters(String(chunk));
      const match = urlPattern.exec(text);
      if (match) settle(resolvePromise, { child, url: match[1], output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(
      () =>
        settle(
          reject,
          new Error(`${label} did not print its URL within ${seconds(timeoutMs)}. Output:\n${text}`),
        ),
      timeoutMs,
    );
    child.on('error', (error) => settle(reject, new Error(`${label} could not start: ${error.message}`)));
    child.on('exit', (code, sig) => {
      children.delete(child);
      settle(reject, new Error(`${label} exited (${code ?? sig}) before listening. Output:\n${text}`));
    });
  });
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  killTree(child, 'SIGTERM');
  const timer = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

export async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
