import path from 'node:path';
import type { BuilderContext } from '@angular-devkit/architect';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import { type HostOptions, type HostProxyConfig, resolveHostOptions } from 'cors-dev-proxy/host';
import { readProxyConfigFile } from './proxy-config-file.js';

/** What our builders add to Angular's options (src/schema.ext.json holds the same, for the CLI). */
export interface CorsDevProxyBuilderKeys {
  /**
   * cors-dev-proxy's options, the same object as in cors-dev-proxy.config.* or any other host's plugin.
   * Without it (and without `corsDevProxyConfig`), cors-dev-proxy.config.* in the project root is read, else
   * the entries of `proxyConfig` are adopted.
   * @default undefined
   * @example "corsDevProxy": { "routes": { "/api": "https://api.example.com" } }
   */
  readonly corsDevProxy?: CorsDevProxyOptions;
  /**
   * Path of the shared config file, relative to the workspace root (like `proxyConfig`).
   * @default undefined (cors-dev-proxy.config.* in the project root)
   * @example "corsDevProxyConfig": "config/cors-dev-proxy.config.mjs"
   */
  readonly corsDevProxyConfig?: string;
}

/** How Angular users write options: the example in every config error. */
export const example = (options: string) =>
  `"corsDevProxy": ${options}   // angular.json, projects.<app>.architect.serve.options`;

/** Splits our keys from Angular's, which go to Angular's own builder (its schema has additionalProperties: false). */
export function splitOptions<T extends CorsDevProxyBuilderKeys>(
  options: T,
): { ours: CorsDevProxyBuilderKeys; angular: Omit<T, keyof CorsDevProxyBuilderKeys> } {
  const { corsDevProxy, corsDevProxyConfig, ...angular } = options;
  // The CLI's schema registry turns every absent object option into `{}` (addUndefinedDefaults): an empty
  // corsDevProxy is no options, so the config file is read.
  const given = corsDevProxy && Object.keys(corsDevProxy).length > 0 ? corsDevProxy : undefined;
  return { ours: { corsDevProxy: given, corsDevProxyConfig }, angular };
}

/** The project's root directory (where cors-dev-proxy.config.* and .cors-dev-proxy/shapes.json live). */
export async function projectRoot(context: BuilderContext): Promise<string> {
  const project = context.target?.project;
  if (!project) return context.workspaceRoot;
  const metadata = await context.getProjectMetadata(project);
  const root = typeof metadata.root === 'string' ? metadata.root : '';
  return path.resolve(context.workspaceRoot, root);
}

/**
 * Our options, from angular.json, the file it names, the shared config file or the user's `proxyConfig`
 * (http-proxy-middleware's dialect, adopted when nothing else gives routes; overlaps warned about).
 * `proxyConfigServed`: every entry of `proxyConfig` was adopted whole, so Angular's own proxy can go.
 */
export async function resolveBuilderOptions(
  ours: CorsDevProxyBuilderKeys,
  proxyConfig: string | undefined,
  context: BuilderContext,
  root: string,
): Promise<HostOptions & { readonly proxyConfigServed: boolean }> {
  let hostProxy: HostProxyConfig | undefined;
  const warnings: string[] = [];
  if (proxyConfig) {
    try {
      const file = await readProxyConfigFile(context.workspaceRoot, proxyConfig);
      hostProxy = { dialect: 'http-proxy-middleware', entries: file.entries, label: file.label };
    } catch (error) {
      warnings.push(
        `could not read proxyConfig '${proxyConfig}' (${(error as Error).message}); its entries were neither adopted nor checked for overlaps.`,
      );
    }
  }
  const resolved = await resolveHostOptions({
    inline: ours.corsDevProxy,
    configFile: ours.corsDevProxyConfig && path.resolve(context.workspaceRoot, ours.corsDevProxyConfig),
    root,
    host: 'Angular',
    example,
    hostProxy,
  });
  const entries = hostProxy?.entries;
  const count = Array.isArray(entries) ? entries.length : Object.keys(entries ?? {}).length;
  return {
    ...resolved,
    warnings: [...warnings, ...resolved.warnings],
    proxyConfigServed: count > 0 && resolved.servedHostEntries.length === count,
  };
}
