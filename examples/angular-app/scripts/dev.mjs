/**
 * Starts the example backend, then `ng serve` (Angular 22, @cors-dev-proxy/angular:dev-server) in front of it,
 * and stops both together.
 *
 *   pnpm --filter angular-app-example run dev
 *   PORT=3000 BACKEND_PORT=8787 pnpm --filter angular-app-example run dev
 *
 * PORT is the dev server's port (default 4200; 0 picks a free one). BACKEND_PORT is the backend's (default 8787,
 * so `cors-dev-proxy audit` finds it; 0 picks a free one). `ng serve` runs as it does for a user, in a child
 * process: the builder in angular.json is all the wiring there is.
 */

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startBackend } from 'example-backend';

const root = fileURLToPath(new URL('..', import.meta.url));
const ng = createRequire(import.meta.url).resolve('@angular/cli/bin/ng.js');

const backend = await startBackend({ port: Number(process.env.BACKEND_PORT ?? 8787) });

// cors-dev-proxy.config.mjs reads BACKEND_URL when the builder loads it; the page's `direct` card gets the
// same URL through Angular's `define` (angular.json has the default, 8787).
const { PORT, ...env } = process.env;
const serve = spawn(
  process.execPath,
  [ng, 'serve', '--port', PORT ?? '4200', '--define', `__BACKEND_URL__=${JSON.stringify(backend.url)}`],
  {
    cwd: root,
    // Angular 22 lets PORT override --port: the port is the flag's alone. No analytics prompt, no stdin.
    env: { ...env, BACKEND_URL: backend.url, NG_CLI_ANALYTICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);

// `ng serve` prints `➜  Local:   http://localhost:4200/` once Vite listens; with PORT=0 the port is known
// only from there.
let output = '';
let announced = false;
function relay(/** @type {Buffer} */ chunk, /** @type {NodeJS.WriteStream} */ to) {
  to.write(chunk);
  if (announced) return;
  output += chunk;
  const local = /Local:\s+(http:\/\/localhost:\d+)\//.exec(output);
  if (!local) return;
  announced = true;
  console.log(`\n  Open ${local[1]}/ — backend (a strict production-like API) at ${backend.url}\n`);
}
serve.stdout.on('data', (chunk) => relay(chunk, process.stdout));
serve.stderr.on('data', (chunk) => relay(chunk, process.stderr));

let stopping = false;
serve.once('exit', async (code, signal) => {
  await backend.close();
  if (!stopping) console.error(`ng serve exited (${signal ?? `code ${code}`}).`);
  process.exit(stopping ? 0 : (code ?? 1));
});

function stop() {
  if (stopping) {
    // A second Ctrl-C while closing: give up waiting.
    process.exit(1);
  }
  stopping = true;
  serve.kill('SIGINT');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
