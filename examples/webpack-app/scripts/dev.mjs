/**
 * Starts the example backend, then `webpack serve` (webpack-cli 7, webpack-dev-server 6) with cors-dev-proxy in
 * front of it, and stops both together.
 *
 *   pnpm --filter webpack-app-example run dev
 *   PORT=3000 BACKEND_PORT=8787 pnpm --filter webpack-app-example run dev
 *
 * PORT is the dev server's port (default 8080; 0 picks a free one). BACKEND_PORT is the backend's (default 8787,
 * so `cors-dev-proxy audit` finds it; 0 picks a free one). `webpack serve` runs as it does for a user, in a child
 * process: the plugin in webpack.config.js is all the wiring there is.
 */

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startBackendFromEnv } from 'example-backend/start-from-env';
import { superviseDevServer } from 'example-backend/supervise-dev-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const webpackCli = createRequire(import.meta.url).resolve('webpack-cli/bin/cli.js');

const backend = await startBackendFromEnv({ command: 'npm run example:webpack' });

// webpack.config.js and cors-dev-proxy.config.mjs read BACKEND_URL when webpack-cli loads them.
const serve = spawn(process.execPath, [webpackCli, 'serve'], {
  cwd: root,
  env: { ...process.env, BACKEND_URL: backend.url, PORT: process.env.PORT ?? '8080' },
  stdio: ['ignore', 'pipe', 'pipe'],
});

// webpack-dev-server prints its addresses on stderr (`<i> [webpack-dev-server] Loopback: http://localhost:8080/`);
// the real port is known only from there when PORT is 0.
superviseDevServer(serve, backend, {
  name: 'webpack serve',
  localUrl: /Loopback: (http:\/\/localhost:\d+)\//,
});
