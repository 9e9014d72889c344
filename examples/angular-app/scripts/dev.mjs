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
import { startBackendFromEnv } from 'example-backend/start-from-env';
import { superviseDevServer } from 'example-backend/supervise-dev-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const ng = createRequire(import.meta.url).resolve('@angular/cli/bin/ng.js');

const backend = await startBackendFromEnv({ command: 'npm run example:angular' });

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
superviseDevServer(serve, backend, { name: 'ng serve', localUrl: /Local:\s+(http:\/\/localhost:\d+)\// });
