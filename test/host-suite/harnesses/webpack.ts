import { Console } from 'node:console';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CorsDevProxyPlugin } from '@cors-dev-proxy/webpack';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import type { HostHarness, HostSetup } from '../src/harness.js';
import { firstMessage, wsUrlOf } from '../src/websocket-client.js';

/**
 * The webpack hosts, each a real install under test/webpack-hosts/<name> (a CLI finds its dev server by name,
 * so each pair has its own folder), started the way its CLI starts it:
 * - `wds5`: webpack-cli 6 reads `compiler.options.devServer` after the plugins ran and calls
 *   `new WebpackDevServer(compiler.options.devServer, compiler)`;
 * - `wds6`: webpack-cli 7 adds webpack-dev-server 6 as a plugin (`plugins.push(new DevServer(copy))`), which
 *   starts on `watch()`; the config's devServer object is never read;
 * - `rspack`: rspack-cli, like webpack-cli 6, with `RspackDevServer`.
 * The adapter is wired by `new CorsDevProxyPlugin(options)` alone, as users of `webpack serve` do; the
 * webpack-plugin package's own tests cover `withCorsDevProxy` and the CLIs themselves.
 */
export type WebpackHost = 'wds5' | 'wds6' | 'rspack';

const hostsDir = fileURLToPath(new URL('../../webpack-hosts/', import.meta.url));
const requireFrom = (host: WebpackHost) => createRequire(path.join(hostsDir, host, 'package.json'));

type Bundler = (config: object) => BundlerCompiler;
interface BundlerCompiler {
  watch(options: object, callback: (error: Error | null) => void): { close(callback: () => void): void };
  run(callback: (error: Error | null, stats?: BuildStats) => void): void;
  close(callback: (error?: Error | null) => void): void;
  readonly options: { devServer?: object };
}
interface BuildStats {
  hasErrors(): boolean;
  toJson(options: object): {
    errors?: readonly { message: string }[];
    warnings?: readonly { message: string }[];
  };
}
interface DevServerInstance {
  readonly server?: Server;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type DevServerClass = new (options: object, compiler?: BundlerCompiler) => DevServerInstance;

function load(host: WebpackHost): { bundler: Bundler; DevServer: DevServerClass } {
  const require = requireFrom(host);
  if (host === 'rspack') {
    return {
      bundler: require('@rspack/core').rspack,
      DevServer: require('@rspack/dev-server').RspackDevServer,
    };
  }
  return { bundler: require('webpack'), DevServer: require('webpack-dev-server') };
}

/** Every line webpack's infrastructure logger prints (`[cors-dev-proxy] …`), handed to `log`. */
function recordingConsole(log: (line: string) => void): Console {
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      const text = String(chunk).replace(/\n$/, '');
      if (text) log(text);
      callback();
    },
  });
  return new Console({ stdout: stream, stderr: stream });
}

/** The fixture as a bundle: main.js imports style.css (style-loader, so an edit is applied by HMR in place). */
function bundleConfig(host: WebpackHost, root: string, log: (line: string) => void, mode: string) {
  const require = requireFrom(host);
  return {
    mode,
    context: root,
    entry: './main.js',
    output: { path: path.join(root, 'dist'), filename: 'main.js', publicPath: '/' },
    devtool: false,
    module: {
      rules: [{ test: /\.css$/, use: [require.resolve('style-loader'), require.resolve('css-loader')] }],
    },
    infrastructureLogging: { level: 'info', console: recordingConsole(log) },
    stats: 'none',
  };
}

function devServerOptions(setup: HostSetup) {
  return {
    host: '127.0.0.1',
    port: setup.port,
    // wds 5 and Rspack accept the HMR socket's Origin only when its host is allowed (the page is opened at
    // http://localhost:<port>, the socket URL is built from `host`): docs/research/webpack-rspack-hooks.md §8.
    allowedHosts: ['localhost', ...setup.allowedHosts],
    // The fixture's index.html. Not watched: the project root holds style.css too, and wds reloads the page
    // on any change of a watched static file, where the contracts expect HMR to apply the edit in place.
    static: { directory: setup.root, watch: false },
    // The app is an SPA: other navigations get index.html (and a misplaced proxy would be answered by it).
    historyApiFallback: true,
    hot: true,
    open: false,
    // The page's own console stays for our warnings; wds's overlay would cover the fixture.
    client: { overlay: false, logging: 'warn' },
  };
}

/** The HMR socket as wds's client opens it (Origin of the page), greeted with `{"type":"hot"}` or similar. */
async function openWebpackHmrSocket(url: string): Promise<string> {
  const hello = await firstMessage(`${wsUrlOf(url)}/ws`, { origin: url });
  const type = (JSON.parse(hello) as { type?: string }).type;
  if (!type || !['hot', 'liveReload', 'hash', 'ok', 'overlay', 'logging'].includes(type)) {
    throw new Error(`webpack-dev-server's HMR socket greeted with ${hello}`);
  }
  return hello;
}

async function startWithCli(
  host: WebpackHost,
  options: CorsDevProxyOptions | undefined,
  setup: HostSetup,
): Promise<{ server: Server; close(): Promise<void> }> {
  const { bundler, DevServer } = load(host);
  const config = bundleConfig(host, setup.root, setup.log, 'development');
  const plugin = new CorsDevProxyPlugin(options);
  if (host === 'wds6') {
    // webpack-cli 7: the dev server is a plugin, started by watch() once the first compile is done.
    let onListening: (server: Server) => void = () => {};
    const listening = new Promise<Server>((resolve) => {
      onListening = resolve;
    });
    const devServer = new DevServer({
      ...devServerOptions(setup),
      setupExitSignals: false,
      onListening: (instance: DevServerInstance) => onListening(instance.server as Server),
    });
    const compiler = bundler({ ...config, plugins: [plugin, devServer] });
    const errors: Error[] = [];
    compiler.watch({}, (error) => {
      if (error) errors.push(error);
    });
    const server = await Promise.race([
      listening,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(errors[0] ?? new Error('webpack-dev-server 6 did not listen in 20 s')),
          20_000,
        ),
      ),
    ]);
    return {
      server,
      close: () => new Promise<void>((resolve) => compiler.close(() => resolve())),
    };
  }
  // webpack-cli 6 and rspack-cli: the devServer object as the compiler holds it once the plugins ran.
  const compiler = bundler({ ...config, devServer: devServerOptions(setup), plugins: [plugin] });
  const devServer = new DevServer(compiler.options.devServer ?? {}, compiler);
  await devServer.start();
  return {
    server: devServer.server as Server,
    async close() {
      await devServer.stop();
      await new Promise<void>((resolve) => compiler.close(() => resolve()));
    },
  };
}

/** `webpack serve` (wds 5 / webpack-cli 6, wds 6 / webpack-cli 7) or `rspack serve`, with `new CorsDevProxyPlugin(options)`. */
export function webpackHarness(host: WebpackHost): HostHarness {
  return {
    name: `${host} serve`,
    allowedHostsSetting: 'devServer.allowedHosts in the webpack (or Rspack) config',
    capabilities: { hmr: true, browserChannel: 'event-stream', build: true, takesRequestsFirst: false },
    async prepareProject(root) {
      // A bundle is a classic script: no `type="module"` (the HMR runtime assigns to globals).
      const html = await fs.readFile(path.join(root, 'index.html'), 'utf8');
      await fs.writeFile(
        path.join(root, 'index.html'),
        html.replace('<script type="module" src="/main.js">', '<script src="/main.js">'),
      );
      await fs.writeFile(
        path.join(root, 'main.js'),
        "import './style.css';\ndocument.querySelector('#app').textContent = 'fixture ready';\nif (import.meta.webpackHot) import.meta.webpackHot.accept();\n",
      );
    },
    async start(options, setup) {
      const running = await startWithCli(host, options, setup);
      const { port } = running.server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      return {
        url,
        server: running.server,
        close: running.close,
        openHmrSocket: () => openWebpackHmrSocket(url),
      };
    },
    async build(options, setup) {
      const { bundler } = load(host);
      const compiler = bundler({
        ...bundleConfig(host, setup.root, setup.log, 'production'),
        plugins: [new CorsDevProxyPlugin(options)],
      });
      const stats = await new Promise<BuildStats>((resolve, reject) =>
        compiler.run((error, result) => (error || !result ? reject(error) : resolve(result))),
      );
      await new Promise<void>((resolve) => compiler.close(() => resolve()));
      const { errors = [], warnings = [] } = stats.toJson({ all: false, errors: true, warnings: true });
      for (const warning of warnings) setup.log(warning.message);
      for (const error of errors) setup.log(error.message);
      return stats.hasErrors()
        ? { failed: true, error: errors.map((error) => error.message).join('\n') }
        : { failed: false };
    },
  };
}
