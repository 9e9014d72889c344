import { type CorsDevProxyOptions, resolveOptions } from 'cors-dev-proxy';
import type { Compiler, DevServerOptions } from './host-types.js';
import { auditProductionBuilds } from './production-audit.js';
import { wiringRegistry } from './wiring-marks.js';
import { devServerName, exampleFor } from './wiring-style.js';
import { wrapSetupMiddlewares } from './with-cors-dev-proxy.js';

/** webpack-dev-server 6 as a webpack plugin (webpack-cli 7 adds it itself): it reads its own `options`. */
interface DevServerPluginInstance {
  options: DevServerOptions;
  apply(compiler: unknown): void;
}

function isDevServerPlugin(plugin: unknown): plugin is DevServerPluginInstance {
  return (
    typeof plugin === 'object' &&
    plugin !== null &&
    'isPlugin' in plugin &&
    typeof (plugin as { options?: unknown }).options === 'object' &&
    typeof (plugin as { apply?: unknown }).apply === 'function'
  );
}

/**
 * cors-dev-proxy as a webpack (or Rspack) plugin: wires itself into the dev server that `webpack serve` or
 * `rspack serve` starts — webpack-cli 6 and rspack-cli read `compiler.options.devServer` after the plugins ran,
 * webpack-cli 7 adds webpack-dev-server 6 as a plugin instance and never reads it — and reports the production
 * audit after `webpack --mode production`. Where it cannot reach the dev server's options
 * (`new WebpackDevServer(options, compiler)`), it says so once, with the fix: `withCorsDevProxy(options)`.
 *
 * @example
 * // webpack.config.js
 * const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');
 * module.exports = { plugins: [new CorsDevProxyPlugin({ routes: { '/api': 'https://api.example.com' } })] };
 */
export class CorsDevProxyPlugin {
  readonly #options: CorsDevProxyOptions | undefined;

  constructor(options?: CorsDevProxyOptions) {
    // Validate eagerly: a bad config fails when webpack.config is loaded, naming the option.
    if (options !== undefined) resolveOptions(options, { example: exampleFor('plugin') });
    this.#options = options;
  }

  apply(compiler: Compiler): void {
    const wire = (devServer: DevServerOptions) => {
      const current = devServer.setupMiddlewares;
      // Already ours (withCorsDevProxy, or another copy of this plugin): wire once.
      if (current && wiringRegistry().wrappers.has(current)) return;
      devServer.setupMiddlewares = wrapSetupMiddlewares(current, this.#options, 'plugin');
    };
    // webpack-cli 6 and rspack-cli; created when absent so a config without devServer works too.
    if (compiler.options.devServer !== false) {
      compiler.options.devServer ??= {};
      wire(compiler.options.devServer);
    }
    // webpack-cli 7 appends its DevServerPlugin after ours: look in apply() and again once all plugins ran.
    const wirePluginInstances = () => {
      for (const plugin of compiler.options.plugins) if (isDevServerPlugin(plugin)) wire(plugin.options);
    };
    wirePluginInstances();
    compiler.hooks.afterPlugins.tap('cors-dev-proxy', wirePluginInstances);

    auditProductionBuilds(compiler, this.#options);
    this.#sayWhenNotWired(compiler);
  }

  /** A watch build served by a dev server we never saw: programmatic `new WebpackDevServer(options, compiler)`. */
  #sayWhenNotWired(compiler: Compiler): void {
    let said = false;
    compiler.hooks.done.tap('cors-dev-proxy', () => {
      if (said || !compiler.watchMode || wiringRegistry().compilers.has(compiler)) return;
      said = true;
      const { className } = devServerName(compiler);
      compiler
        .getInfrastructureLogger('cors-dev-proxy')
        .warn(
          `CorsDevProxyPlugin could not reach the dev server, so nothing is proxied. If you start it yourself, wrap its options: new ${className}(withCorsDevProxy(devServerOptions), compiler).`,
        );
    });
  }
}
