import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorsDevProxyError } from '../errors.js';
import type { CorsDevProxyOptions } from './options.js';

/** Looked up in this order at the project root; one file serves Vite, webpack, Angular and the CLI. */
export const configFileNames = [
  'cors-dev-proxy.config.ts',
  'cors-dev-proxy.config.mts',
  'cors-dev-proxy.config.js',
  'cors-dev-proxy.config.mjs',
  'cors-dev-proxy.config.json',
] as const;

export function findConfigFile(root: string): string | undefined {
  return configFileNames.map((name) => path.join(root, name)).find((file) => existsSync(file));
}

/**
 * Loads the shared config file: JSON, or a module whose default export is the options object. TypeScript
 * files load through Node's type stripping (on by default from Node 22.18; use the .mjs form on older 22.x).
 * Returns undefined when there is no file; validation happens where the options are used (resolveOptions).
 */
export async function loadConfigFile(
  root: string,
  explicit?: string,
): Promise<{ file: string; options: CorsDevProxyOptions } | undefined> {
  const file = explicit ? path.resolve(root, explicit) : findConfigFile(root);
  if (!file) return undefined;
  if (!existsSync(file)) {
    throw new CorsDevProxyError(
      'CONFIG_INVALID',
      `the config file ${file} does not exist.\n  Create it, or pass the path of an existing cors-dev-proxy.config.{ts,mts,js,mjs,json}.`,
    );
  }
  try {
    if (file.endsWith('.json')) {
      const { readFile } = await import('node:fs/promises');
      return { file, options: JSON.parse(await readFile(file, 'utf8')) as CorsDevProxyOptions };
    }
    // A query string defeats the module cache, so an edited file is read again.
    const module = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default?: unknown };
    const options = module.default ?? module;
    if (options === null || typeof options !== 'object')
      throw new Error('its default export is not an options object');
    return { file, options: options as CorsDevProxyOptions };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? 'this Node version cannot load TypeScript directly (Node 22.18+ can); rename it to cors-dev-proxy.config.mjs'
        : (error as Error).message;
    throw new CorsDevProxyError(
      'CONFIG_INVALID',
      `could not load ${file}: ${reason}.\n  It should look like:\n    export default { routes: { '/api': 'https://api.example.com' }, production: { origin: 'https://app.example.com' } };`,
    );
  }
}
