import type { Compiler } from './host-types.js';

/** How the user wired cors-dev-proxy in: messages show the same form back. */
export type WiringStyle = 'withCorsDevProxy' | 'plugin';

/** The example in every config error, in the form the user wrote (resolve-options.ts's `example`). */
export function exampleFor(style: WiringStyle): (options: string) => string {
  return style === 'plugin'
    ? (options) => `plugins: [new CorsDevProxyPlugin(${options})]   // webpack.config.js`
    : (options) => `devServer: withCorsDevProxy(devServer, ${options})   // webpack.config.js`;
}

/** The dev server's name in messages: Rspack's compiler carries `compiler.rspack`, webpack's does not. */
export function devServerName(compiler: Compiler): { name: string; className: string } {
  return compiler.rspack
    ? { name: "Rspack's dev server", className: 'RspackDevServer' }
    : { name: 'webpack-dev-server', className: 'WebpackDevServer' };
}
