import { startBackend } from './server.mjs';

/**
 * The backend as the examples start it: BACKEND_PORT (default 8787, where `cors-dev-proxy audit` finds it; 0
 * picks a free one) and BACKEND_HOST (default 127.0.0.1) from the environment. A bad port or one already in use
 * ends the process with one line naming the problem and the fix, not a stack trace: the usual cause is another
 * example (or `pnpm --filter example-backend start`) still running.
 *
 * @param {{ command: string }} options `command`: how the user started it, for the fix (`npm run example`).
 * @returns {Promise<import('./server.mjs').RunningBackend>}
 */
export async function startBackendFromEnv({ command }) {
  const rawPort = process.env.BACKEND_PORT ?? '8787';
  const port = Number(rawPort);
  if (rawPort.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(
      `[example-backend] BACKEND_PORT must be an integer from 0 to 65535, got "${rawPort}". Example: BACKEND_PORT=8788 ${command}`,
    );
    process.exit(1);
  }
  const host = process.env.BACKEND_HOST ?? '127.0.0.1';
  try {
    return await startBackend({ host, port });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE') {
      console.error(
        `[example-backend] port ${port} on ${host} is already in use (another example or the example backend still running?). Stop it, or pick another port: BACKEND_PORT=8788 ${command}`,
      );
    } else {
      console.error('[example-backend] could not start:', error);
    }
    process.exit(1);
  }
}
