import { createBuilder } from '@angular-devkit/architect';
import { serveWithCorsDevProxy } from './serve.js';

/**
 * `@cors-dev-proxy/angular:dev-server` (builders.json): architect `require`s this file and takes its
 * `module.exports`, so the builder is its only export.
 */
const devServer: ReturnType<typeof createBuilder> = createBuilder(serveWithCorsDevProxy as never);
export default devServer;
