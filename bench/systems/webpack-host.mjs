/**
 * Starts a webpack-dev-server 6 (webpack 5, from test/webpack-hosts/wds6) the way a project would: real
 * `new WebpackDevServer(options, compiler)` + `start()`, its defaults kept — `compress` on, hot, live reload and
 * the client overlay as they come — only host, port and `static` set; a one-file bundle. webpack's
 * infrastructure logger (wds's own lines and cors-dev-proxy's access log) writes to stdout, which the bench
 * sends to /dev/null, as Vite's logger does in vite-host.mjs. Runs inside the system's child process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importPackage, resolvePackage, wds6HostDirs } from '../resolve-package.mjs';

/** Why the webpack systems cannot run here, or undefined (webpack-dev-server 6 needs Node 22). */
export function webpackHostUnavailableReason() {
  if (!resolvePackage('webpack-dev-server', wds6HostDirs) || !resolvePackage('webpack', wds6HostDirs))
    return 'not installed (test/webpack-hosts/wds6)';
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? undefined : `needs Node ≥ 22, this is ${process.version} (run it through pnpm)`;
}

/** The host's modules, imported before any timing (a config file loads them before the dev server starts). */
export async function importWebpackHost() {
  const { default: webpack } = await importPackage('webpack', wds6HostDirs);
  const { default: WebpackDevServer } = await importPackage('webpack-dev-server', wds6HostDirs);
  return { webpack, WebpackDevServer };
}

/**
 * @param {{ root: string, devServer?: Record<string, unknown>, plugins?: any[] }} options
 *   `devServer`: options merged over the defaults here (a `proxy`, or the result of withCorsDevProxy)
 * @returns {Promise<{ port: number, startupMs: number, close(): Promise<void> }>}
 */
export async function startWebpackDevServer({ root, devServer = {}, plugins = [] }) {
  const { webpack, WebpackDevServer } = await importWebpackHost();
  // Each child process gets its own context: webpack writes nothing there (wds keeps the bundle in memory).
  const context = path.join(root, `webpack-${process.pid}`);
  mkdirSync(context, { recursive: true });
  writeFileSync(path.join(context, 'main.js'), 'document.title = "bench";\n');
  // Start-up is measured from the compiler's creation to listening, the span the adapter can add to.
  const startedAt = performance.now();
  const compiler = webpack({
    mode: 'development',
    context,
    entry: './main.js',
    output: { path: path.join(context, 'dist') },
    infrastructureLogging: { level: 'info', stream: process.stdout },
    stats: 'none',
    plugins,
  });
  const server = new WebpackDevServer({ host: '127.0.0.1', port: 0, static: root, ...devServer }, compiler);
  await server.start();
  const startupMs = performance.now() - startedAt;
  // The first compilation runs after listening. Ready only once it is done, so no system's load rounds share
  // the CPU with it (wds's own proxy, behind webpack-dev-middleware, would wait for it anyway; ours would not).
  await new Promise((resolve) => server.middleware.waitUntilValid(() => resolve(undefined)));
  const address = server.server?.address();
  if (!address || typeof address === 'string')
    throw new Error('webpack-dev-server did not report a TCP address');
  return { port: address.port, startupMs, close: () => server.stop() };
}
