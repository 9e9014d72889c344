// The core's config helper and option types, so a Vite project can type `cors-dev-proxy.config.ts` (or the inline
// options) from the one package it installed.
export {
  type AuditMode,
  type CorsAllowlist,
  type CorsDevProxyOptions,
  defineConfig,
  type ProductionOptions,
  type RouteOptions,
} from 'cors-dev-proxy';
export { corsDevProxy } from './plugin.js';

import { corsDevProxy } from './plugin.js';
export default corsDevProxy;
