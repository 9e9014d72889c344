import type { CorsDevProxyOptions } from './options.js';

/**
 * Types the options in `cors-dev-proxy.config.ts` (or `.mts`, or `.js` with `// @ts-check`): a misspelled option
 * or a value of the wrong type is a type error in the editor, before any dev server starts. It returns its
 * argument unchanged; validation still happens at startup (resolveOptions), for untyped files too.
 *
 * It takes the options object itself, not a function or a promise: the config loader (load-config-file.ts) reads
 * the default export as the options object and does not call or await it.
 *
 * @example
 * // cors-dev-proxy.config.ts
 * import { defineConfig } from 'cors-dev-proxy';
 *
 * export default defineConfig({
 *   routes: { '/api': 'https://api.example.com' },
 *   production: { origin: 'https://app.example.com' },
 * });
 */
export function defineConfig(options: CorsDevProxyOptions): CorsDevProxyOptions {
  return options;
}
