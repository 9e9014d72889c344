import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundlerApi, type Compiler, compilersOf, type DevServer } from './host-types.js';
import { wiringRegistry } from './wiring-marks.js';

/**
 * The loader file: dist/client-loader.cjs next to the built entry; in the repository's own tests (sources
 * run directly on Node 24) the .ts file, which Node loads with its type stripping.
 */
const loaderPath = (() => {
  const built = fileURLToPath(new URL('./client-loader.cjs', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('./client-loader.ts', import.meta.url));
})();

/** Browser targets only: a Node or worker bundle has no console page to warn (webpack's `compiler.platform`). */
function buildsForBrowser(compiler: Compiler): boolean {
  if (compiler.platform) return compiler.platform.web !== false && compiler.platform.web !== null;
  const target = compiler.options.target;
  const targets = Array.isArray(target) ? target : [target ?? 'web'];
  return targets.some((entry) => typeof entry === 'string' && /^(web|browserslist)/.test(entry));
}

/**
 * Adds the core's client script (clientScript: warnings in the console, the page's calls for the audit) to the
 * bundle as an extra entry, the way webpack-dev-server adds its own client. Called from setupMiddlewares, so
 * production builds never carry it; works with or without an HTML plugin and with a hand-written index.html.
 * `code` is called when webpack compiles the entry and resolves once the options are read; the compile waits
 * for it in the loader.
 */
export function addClientEntry(devServer: DevServer, code: () => Promise<string>): void {
  const registry = wiringRegistry();
  const id = String(registry.nextClientId++);
  registry.clientCode.set(id, code);
  // `!!`: the user's own loaders (babel, ts-loader) never see our file.
  const request = `!!${loaderPath}!${loaderPath}?cors-dev-proxy-client=${id}`;
  for (const compiler of compilersOf(devServer.compiler)) {
    if (!buildsForBrowser(compiler)) continue;
    new (bundlerApi(compiler).EntryPlugin)(compiler.context, request, { name: undefined }).apply(compiler);
  }
}
