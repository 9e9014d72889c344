#!/usr/bin/env node
/**
 * CLI entry: `node src/main.mjs`. Port and host come from BACKEND_PORT / BACKEND_HOST (start-from-env.mjs).
 */

import { startBackendFromEnv } from './start-from-env.mjs';

const backend = await startBackendFromEnv({ command: 'pnpm --filter example-backend start' });
console.log(`[example-backend] listening on ${backend.url} (routes under ${backend.url}/api)`);

/** @param {NodeJS.Signals} signal */
async function shutDown(signal) {
  console.log(`[example-backend] ${signal} received, closing`);
  await backend.close();
  process.exit(0);
}
process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
