import { createBuilder } from '@angular-devkit/architect';
import { buildWithCorsDevProxy } from './build.js';

/**
 * `@cors-dev-proxy/angular:application` (builders.json): architect `require`s this file and takes its
 * `module.exports`, so the builder is its only export.
 */
const application: ReturnType<typeof createBuilder> = createBuilder(buildWithCorsDevProxy as never);
export default application;
