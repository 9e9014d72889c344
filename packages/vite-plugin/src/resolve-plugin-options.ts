import { type CorsDevProxyOptions, loadConfigFile, resolveOptions } from 'cors-dev-proxy';
import type { ResolvedConfig } from 'vite';
import { adoptServerProxy, overlapsPrefix } from './adopt-server-proxy.js';

export interface PluginOptions {
  readonly options: CorsDevProxyOptions;
  /** Lines to print once the server starts (what was adopted, what was left to Vite, which file was read). */
  readonly notes: readonly string[];
}

/**
 * Where the options come from: inline options win; without them the shared config file
 * (cors-dev-proxy.config.*) is read; routes it does not give are adopted from `server.proxy`.
 */
export async function resolvePluginOptions(
  inline: CorsDevProxyOptions | undefined,
  config: ResolvedConfig,
): Promise<PluginOptions> {
  const viteProxy = { ...(config.preview?.proxy ?? {}), ...(config.server.proxy ?? {}) };
  const notes: string[] = [];
  let options = inline;
  if (options === undefined) {
    const loaded = await loadConfigFile(config.root);
    if (loaded) {
      options = loaded.options;
      notes.push(`using ${loaded.file}.`);
    }
  }
  if (options?.routes === undefined || Object.keys(options.routes).length === 0) {
    const adoption = adoptServerProxy(viteProxy);
    options = { ...options, routes: adoption.routes };
    const adopted = Object.keys(adoption.routes);
    if (adopted.length > 0)
      notes.push(
        `serving server.proxy entries ${adopted.map((key) => `'${key}'`).join(', ')} with cors-dev-proxy.`,
      );
    notes.push(
      ...adoption.skipped.map(({ key, reason }) => `left server.proxy['${key}'] to Vite: ${reason}.`),
    );
  } else {
    const prefixes = Object.keys(options.routes).map((prefix) => prefix.replace(/(.)\/+$/, '$1'));
    for (const key of Object.keys(viteProxy)) {
      const overlap = prefixes.find((prefix) => overlapsPrefix(key, prefix));
      if (overlap) {
        config.logger.warn(
          `[cors-dev-proxy] server.proxy['${key}'] overlaps the cors-dev-proxy route '${overlap}'; cors-dev-proxy handles those requests. Remove the server.proxy entry to silence this.`,
        );
      }
    }
  }
  // Fail now, at startup, naming the option: a config file or an adopted entry can be invalid too.
  resolveOptions(options);
  return { options, notes };
}
