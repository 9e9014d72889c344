/**
 * Starts a Vite 8 dev server the way a project would (real createServer + listen, default logger writing to
 * stdout, which the bench sends to /dev/null), with the project root the runner created (an index.html only).
 * Runs inside the system's child process.
 */
import { importPackage } from '../resolve-package.mjs';

/**
 * @param {{ root: string, plugins?: any[], proxy?: Record<string, any> }} options
 * @returns {Promise<{ port: number, startupMs: number, close(): Promise<void> }>}
 */
export async function startViteDevServer({ root, plugins = [], proxy }) {
  const vite = await importPackage('vite');
  // Start-up is measured from createServer() to listening, the span the plugin can add to.
  const startedAt = performance.now();
  const server = await vite.createServer({
    root,
    configFile: false,
    clearScreen: false,
    plugins,
    server: { host: '127.0.0.1', port: 0, ...(proxy ? { proxy } : {}) },
  });
  await server.listen();
  const startupMs = performance.now() - startedAt;
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a TCP address');
  return { port: address.port, startupMs, close: () => server.close() };
}
