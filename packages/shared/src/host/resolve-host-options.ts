import { loadConfigFile } from '../config/load-config-file.js';
import type { CorsDevProxyOptions } from '../config/options.js';
import { type ResolveContext, resolveOptions } from '../config/resolve-options.js';
import { adoptHttpProxyMiddleware } from './adopt-hpm-proxy.js';
import { adoptViteProxy } from './adopt-vite-proxy.js';
import type { Adoption } from './adoption.js';

/** The host's own proxy config, which cors-dev-proxy adopts when it is given no routes. */
export interface HostProxyConfig {
  /** `vite`: Vite's `server.proxy`; `http-proxy-middleware`: webpack-dev-server's `proxy`, Angular's proxy.conf.json. */
  readonly dialect: 'vite' | 'http-proxy-middleware';
  readonly entries: unknown;
  /** Where the user wrote it, for messages: `server.proxy`, `devServer.proxy`, `proxy.conf.json`. */
  readonly label: string;
}

export interface HostOptionsInput {
  /** Options passed to the plugin in the host's config; they win. */
  readonly inline: CorsDevProxyOptions | undefined;
  /** Project root, where cors-dev-proxy.config.* is looked up. */
  readonly root: string;
  /**
   * A config file the user named in the host's config (Angular's `corsDevProxyConfig`), relative to `root`:
   * read instead of looking up cors-dev-proxy.config.*, and an error when it does not exist.
   */
  readonly configFile?: string | undefined;
  /** The host's name in messages: `Vite`, `webpack-dev-server`, `Angular`. */
  readonly host: string;
  readonly hostProxy?: HostProxyConfig | undefined;
  /** How this host's users write options, for examples in errors. */
  readonly example?: ResolveContext['example'];
}

export interface HostOptions {
  readonly options: CorsDevProxyOptions;
  /** Lines to print once at startup: which file was read, what was adopted, what was left to the host. */
  readonly notes: readonly string[];
  /** Problems the user should fix: host proxy entries that overlap our routes. */
  readonly warnings: readonly string[];
  /**
   * Positions of the host's proxy entries that were adopted whole (Adoption.served): the host should stop
   * serving them itself. Empty when nothing was adopted.
   */
  readonly servedHostEntries: readonly number[];
}

/** `server.proxy['/api']`; an entry known only by its position is `devServer.proxy[2]`. */
const entryName = (label: string, key: string) =>
  key.startsWith('[') ? `${label}${key}` : `${label}['${key}']`;

/**
 * Where the options come from, the same for every host: inline options win; without them the shared config
 * file (cors-dev-proxy.config.*) is read; when neither gives routes, the host's own proxy entries are adopted.
 * Validates the result, so a bad config file or an unadoptable entry fails at startup, naming the option.
 */
export async function resolveHostOptions(input: HostOptionsInput): Promise<HostOptions> {
  const notes: string[] = [];
  const warnings: string[] = [];
  let servedHostEntries: readonly number[] = [];
  let options = input.inline;
  if (options === undefined) {
    const loaded = await loadConfigFile(input.root, input.configFile);
    if (loaded) {
      options = loaded.options;
      notes.push(`using ${loaded.file}.`);
    }
  }
  const proxy = input.hostProxy;
  const adoption: Adoption | undefined = proxy
    ? proxy.dialect === 'vite'
      ? adoptViteProxy(proxy.entries as Record<string, unknown> | undefined, input.host)
      : adoptHttpProxyMiddleware(proxy.entries, input.host)
    : undefined;
  if (options?.routes === undefined || Object.keys(options.routes).length === 0) {
    if (adoption && proxy) {
      options = { ...options, routes: adoption.routes };
      servedHostEntries = adoption.served ?? [];
      const adopted = Object.keys(adoption.routes);
      if (adopted.length > 0) {
        notes.push(
          `serving ${proxy.label} entries ${adopted.map((key) => `'${key}'`).join(', ')} with cors-dev-proxy.`,
        );
      }
      for (const { key, reason, equivalent } of adoption.skipped) {
        notes.push(
          `left ${entryName(proxy.label, key)} to ${input.host}: ${reason}.${equivalent ? ` To serve it with cors-dev-proxy instead: ${equivalent}.` : ''}`,
        );
      }
    }
  } else if (adoption && proxy) {
    const prefixes = Object.keys(options.routes).map((prefix) => prefix.replace(/(.)\/+$/, '$1'));
    for (const matcher of adoption.matchers) {
      const overlap = prefixes.find((prefix) => matcher.overlaps(prefix));
      if (overlap) {
        warnings.push(
          `${entryName(proxy.label, matcher.key)} overlaps the cors-dev-proxy route '${overlap}'; cors-dev-proxy handles those requests. Remove the ${proxy.label} entry to silence this.`,
        );
      }
    }
  }
  const resolvedOptions = options ?? {};
  resolveOptions(resolvedOptions, input.example ? { example: input.example } : {});
  return { options: resolvedOptions, notes, warnings, servedHostEntries };
}
