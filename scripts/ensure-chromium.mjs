#!/usr/bin/env node
// Makes sure a Chromium binary exists for the browser tests, installing Debian's `chromium` when it is missing.
//
// Runs before `pnpm install` has put Node 24 on PATH, so it must work on the system Node 20 with no dependencies.
// Playwright's own browser download is unreachable on our machines (only the npm registry and the Debian archive
// are), which is why the browser comes from apt. See /work/shared/ENVIRONMENT.md.
//
//   node scripts/ensure-chromium.mjs                       # checks /usr/bin/chromium, installs it if missing
//   CHROMIUM_PATH=/opt/chrome/chrome node scripts/...      # only checks that this binary exists
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';
const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';
// apt-get update + install of chromium takes well under a minute on a warm mirror; 15 minutes means "stuck".
const APT_TIMEOUT_MS = 15 * 60 * 1000;

function fail(message) {
  console.error(`[ensure-chromium] ${message}`);
  process.exit(1);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function printVersion(path) {
  // Debian's /usr/bin/chromium is a shell wrapper that prints noise on stderr; only stdout holds the version.
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const version = (result.stdout ?? '').trim();
  if (result.status !== 0 || version === '') {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    fail(`${path} exists but \`${path} --version\` failed (${reason}). Reinstall it: ${INSTALL_COMMAND}`);
  }
  console.log(`[ensure-chromium] ${version} at ${path}`);
}

function runApt(args) {
  console.log(`[ensure-chromium] $ apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: APT_TIMEOUT_MS,
  });
  if (result.error) fail(`apt-get ${args.join(' ')} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    fail(
      `apt-get ${args.join(' ')} exited with ${result.status ?? result.signal}. Fix the error above, then run: ${INSTALL_COMMAND}`,
    );
  }
}

const customPath = process.env.CHROMIUM_PATH;
if (customPath !== undefined && customPath !== '') {
  if (!isExecutable(customPath)) {
    fail(
      `CHROMIUM_PATH is "${customPath}", but no executable file is there. ` +
        `Point it at a Chromium binary, or unset it to use ${DEFAULT_PATH} (installed with: ${INSTALL_COMMAND}).`,
    );
  }
  printVersion(customPath);
  process.exit(0);
}

if (isExecutable(DEFAULT_PATH)) {
  printVersion(DEFAULT_PATH);
  process.exit(0);
}

if (process.platform !== 'linux') {
  fail(
    `${DEFAULT_PATH} not found. This script installs Chromium only on Debian; elsewhere set CHROMIUM_PATH to a Chromium or Chrome binary.`,
  );
}
if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
  fail(
    `${DEFAULT_PATH} not found, and installing it needs root. Run: sudo sh -c '${INSTALL_COMMAND}' ` +
      '(or set CHROMIUM_PATH to an existing Chromium binary).',
  );
}

console.log(`[ensure-chromium] ${DEFAULT_PATH} not found; installing Debian's chromium package.`);
runApt(['update']);
runApt(['install', '-y', 'chromium']);
if (!isExecutable(DEFAULT_PATH)) {
  fail(
    `apt-get install -y chromium succeeded but ${DEFAULT_PATH} is still missing. Check \`dpkg -L chromium\`.`,
  );
}
printVersion(DEFAULT_PATH);
