/**
 * `@cors-dev-proxy/angular`: Angular CLI builders. Use them from angular.json, not from code:
 *
 * @example
 * // angular.json, projects.<app>.architect.serve
 * "builder": "@cors-dev-proxy/angular:dev-server",
 * "options": { "buildTarget": "app:build:development", "corsDevProxy": { "routes": { "/api": "https://api.example.com" } } }
 */

export { default as applicationBuilder } from './application.js';
export { buildWithCorsDevProxy, type CorsDevProxyApplicationOptions } from './build.js';
export { default as devServerBuilder } from './dev-server.js';
export type { CorsDevProxyBuilderKeys } from './options.js';
export { type CorsDevProxyDevServerOptions, serveWithCorsDevProxy } from './serve.js';
