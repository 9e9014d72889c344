import { Console } from 'node:console';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CorsDevProxyPlugin, withCorsDevProxy } from '@cors-dev-proxy/webpack';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CliHost,
  cliHosts,
  count,
  createFixture,
  get,
  hostPath,
  removeFixture,
  startUpstream,
  type Upstream,
} from '../support/cli.js';

// `new WebpackDevServer(options, compiler)`: webpack copies the config's devServer into compiler.options, so
// the plugin never sees the object the caller hands the dev server and cannot wire itself. It must say so once,
// with the fix (withCorsDevProxy), instead of a dev server that silently proxies nothing. In-process, from the
// package's source; webpack and the dev servers come from the installs under test/webpack-hosts.

interface Compiler {
  readonly hooks: { readonly done: { tap(name: string, fn: () => void): void } };
  close(callback: () => void): void;
}
interface DevServerInstance {
  readonly server?: Server;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type DevServerClass = new (options: object, compiler: Compiler) => DevServerInstance;

/**
 * Each host's packages, loaded from its install under test/webpack-hosts (not this package's dependencies,
 * which is also why the names go through a table: lint:deps resolves literal requires from here).
 */
const hostModules: Record<
  CliHost,
  { bundler: string; bundlerExport?: string; devServer: string; devServerExport?: string }
> = {
  wds5: { bundler: 'webpack', devServer: 'webpack-dev-server' },
  wds6: { bundler: 'webpack', devServer: 'webpack-dev-server' },
  rspack: {
    bundler: '@rspack/core',
    bundlerExport: 'rspack',
    devServer: '@rspack/dev-server',
    devServerExport: 'RspackDevServer',
  },
};

function load(host: CliHost): { bundler: (config: object) => Compiler; DevServer: DevServerClass } {
  const require = createRequire(hostPath(host, 'package.json'));
  const names = hostModules[host];
  const bundler = require(names.bundler);
  const devServer = require(names.devServer);
  return {
    bundler: names.bundlerExport ? bundler[names.bundlerExport] : bundler,
    DevServer: names.devServerExport ? devServer[names.devServerExport] : devServer,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startProgrammatic(host: CliHost, wrap: boolean) {
  const upstream: Upstream = await startUpstream();
  cleanups.push(() => upstream.close());
  const root = await createFixture({});
  cleanups.push(() => removeFixture(root));
  let log = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      log += chunk;
      callback();
    },
  });
  const routes = { '/api': upstream.url };
  const { bundler, DevServer } = load(host);
  const compiler = bundler({
    mode: 'development',
    context: root,
    entry: './src/index.js',
    output: { path: path.join(root, 'dist'), filename: 'main.js', publicPath: '/' },
    devtool: false,
    plugins: [new CorsDevProxyPlugin({ routes })],
    infrastructureLogging: { level: 'info', console: new Console({ stdout: stream, stderr: stream }) },
    stats: 'none',
  });
  let builds = 0;
  compiler.hooks.done.tap('test', () => {
    builds += 1;
  });
  const devServerOptions = {
    host: 'localhost',
    port: 0,
    static: false,
    open: false,
    setupExitSignals: false,
  };
  const devServer = new DevServer(
    wrap ? withCorsDevProxy(devServerOptions, { routes }) : devServerOptions,
    compiler,
  );
  cleanups.push(async () => {
    await devServer.stop();
    await new Promise<void>((resolve) => compiler.close(() => resolve()));
  });
  await devServer.start();
  await vi.waitFor(() => expect(builds).toBeGreaterThan(0), { timeout: 20_000 });
  const { port } = (devServer.server as Server).address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    upstream,
    log: () => log,
    async rebuild() {
      const before = builds;
      await fs.writeFile(path.join(root, 'src/index.js'), "document.title = 'rebuilt';\n");
      await vi.waitFor(() => expect(builds).toBeGreaterThan(before), { timeout: 20_000 });
    },
  };
}

const notReached = 'CorsDevProxyPlugin could not reach the dev server';

describe.each(cliHosts)('%s: new DevServer(options, compiler)', (host) => {
  it('with only the plugin, says once that it could not reach the dev server, with the fix', async () => {
    const started = await startProgrammatic(host, false);
    expect(started.log()).toContain(`[cors-dev-proxy] ${notReached}, so nothing is proxied.`);
    const className = host === 'rspack' ? 'RspackDevServer' : 'WebpackDevServer';
    expect(started.log()).toContain(`new ${className}(withCorsDevProxy(devServerOptions), compiler)`);
    const answer = await get(`${started.url}/api/x`);
    expect(answer.body).not.toContain('test-upstream');
    expect(started.upstream.hits).toEqual([]);
    await started.rebuild();
    expect(count(started.log(), notReached)).toBe(1);
  });

  it('with withCorsDevProxy(options), proxies and does not say it', async () => {
    const started = await startProgrammatic(host, true);
    const answer = await get(`${started.url}/api/x`);
    expect(JSON.parse(answer.body)).toEqual({ upstream: 'test-upstream', url: '/api/x' });
    await started.rebuild();
    expect(started.log()).not.toContain(notReached);
  });
});
