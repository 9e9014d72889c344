#!/usr/bin/env node
/**
 * CLI entry: `node src/main.mjs`. Port and host come from BACKEND_PORT / BACKEND_HOST.
 */

import { startBackend } from './server.mjs';

const rawPort = process.env.BACKEND_PORT ?? '8787';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`[example-backend] BACKEND_PORT must be an integer from 0 to 65535, got "${rawPort}".`);
  process.exit(1);
}
const host = process.env.BACKEND_HOST ?? '127.0.0.1';

try {
  const backend = await startBackend({ host, port });
  console.log(`[example-backend] listening on ${backend.url} (routes under ${backend.url}/api)`);

  /** @param {NodeJS.Signals} signal */
  async function shutDown(signal) {
    console.log(`[example-backend] ${signal} received, closing`);
    await backend.close();
    process.exit(0);
  }
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  if (code === 'EADDRINUSE') {
    console.error(
      `[example-backend] port ${port} on ${host} is already in use. Stop the other process or pick another port, e.g. BACKEND_PORT=8788 node src/main.mjs`,
    );
  } else {
    console.error('[example-backend] could not start:', error);
  }
  process.exit(1);
}
