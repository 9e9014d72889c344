/**
 * Starts the example backend, then Vite with cors-dev-proxy in front of it, in one process.
 *
 *   pnpm --filter vite-app-example run dev
 *   PORT=3000 BACKEND_PORT=8787 pnpm --filter vite-app-example run dev
 *
 * PORT is Vite's port (default 5173; 0 picks a free one). BACKEND_PORT is the backend's (default 8787, so `cors-dev-proxy audit` finds it; 0 picks a free one).
 */

import { fileURLToPath } from 'node:url';
import { startBackendFromEnv } from 'example-backend/start-from-env';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

const backend = await startBackendFromEnv({ command: 'npm run example' });
// vite.config.ts reads it when createServer() loads the config, so it must be set first.
process.env.BACKEND_URL = backend.url;

/** @type {import('vite').ViteDevServer | undefined} */
let server;
try {
  server = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    root,
    server: { port: Number(process.env.PORT ?? 5173) },
  });
  await server.listen();
} catch (error) {
  await server?.close();
  await backend.close();
  throw error;
}

server.printUrls();
const local = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;
console.log(`\n  Open ${local} — backend (a strict production-like API) at ${backend.url}\n`);

let stopping = false;
async function stop() {
  if (stopping) {
    // A second Ctrl-C while closing: give up waiting.
    process.exit(1);
  }
  stopping = true;
  await Promise.allSettled([server?.close(), backend.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
