/**
 * webpack-dev-server's `proxy` (http-proxy-middleware), measured only when webpack and webpack-dev-server are
 * installed in the repository (they are not a dependency of the bench; the row then says "not installed").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importPackage, resolvePackage } from '../resolve-package.mjs';

/** @type {import('./index.mjs').SystemDescriptor} */
export const webpackDevServerProxy = {
  id: 'wds',
  label: 'webpack-dev-server proxy',
  file: 'webpack-dev-server.mjs',
  proxiesWebSockets: true,
  unavailableReason() {
    return resolvePackage('webpack-dev-server') && resolvePackage('webpack') ? undefined : 'not installed';
  },
};

/** @param {{ upstreamUrl: string, root: string }} config */
export async function start({ upstreamUrl, root }) {
  const { default: webpack } = await importPackage('webpack');
  const { default: WebpackDevServer } = await importPackage('webpack-dev-server');
  const context = path.join(root, 'webpack');
  mkdirSync(context, { recursive: true });
  writeFileSync(path.join(context, 'main.js'), 'document.title = "bench";\n');
  const compiler = webpack({
    mode: 'development',
    context,
    entry: './main.js',
    output: { path: path.join(context, 'dist') },
    infrastructureLogging: { level: 'warn' },
    stats: 'none',
  });
  const startedAt = performance.now();
  const server = new WebpackDevServer(
    {
      host: '127.0.0.1',
      port: 0,
      hot: false,
      liveReload: false,
      client: false,
      static: false,
      proxy: [{ context: ['/api'], target: upstreamUrl, changeOrigin: true, ws: true }],
    },
    compiler,
  );
  await server.start();
  const startupMs = performance.now() - startedAt;
  const address = server.server?.address();
  if (!address || typeof address === 'string')
    throw new Error('webpack-dev-server did not report a TCP address');
  return { port: address.port, startupMs, close: () => server.stop() };
}
