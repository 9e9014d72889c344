// One config, two hosts: the Vite example's file is this example's too. CorsDevProxyPlugin() in webpack.config.js
// reads it (it has no options of its own), and so does `cors-dev-proxy audit --root examples/webpack-app`.
export { default } from '../vite-app/cors-dev-proxy.config.mjs';
