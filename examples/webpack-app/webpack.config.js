// @ts-check
// CommonJS, as most webpack configs are written (this package is "type": "commonjs").
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { DefinePlugin } = require('webpack');
const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

const backendUrl = process.env.BACKEND_URL ?? 'http://127.0.0.1:8787';

/** @type {import('webpack').Configuration & { devServer?: import('webpack-dev-server').Configuration }} */
module.exports = {
  mode: 'development', // `npm run build` passes --mode production: the production CORS audit runs then
  // One line per build ("compiled successfully in … ms") instead of the module listing: the example's output
  // is about the proxy.
  stats: 'minimal',
  entry: './src/main.ts',
  module: {
    rules: [
      // Transpile only: `tsc` type-checks (the typecheck script), webpack just strips the types.
      { test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true } },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
    ],
  },
  resolve: { extensions: ['.ts', '.js'] },
  plugins: [
    new HtmlWebpackPlugin({ template: './index.html' }),
    // Only the "direct" card calls it, to show what the browser does without the proxy (examples/page).
    new DefinePlugin({ __BACKEND_URL__: JSON.stringify(backendUrl) }),
    // No options: reads cors-dev-proxy.config.mjs next to this file (routes and production), as the Vite
    // example does. It wires itself into the dev server `webpack serve` starts.
    new CorsDevProxyPlugin(),
  ],
  devServer: {
    // 'localhost', not '127.0.0.1': the page is opened on http://localhost, and webpack-dev-server 5 checks its
    // HMR socket's Origin against this host (6 accepts either). The backend stays on 127.0.0.1: cross-origin.
    host: 'localhost',
    port: Number(process.env.PORT ?? 8080),
  },
};
