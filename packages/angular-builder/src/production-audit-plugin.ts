import type { ApplicationBuilderExtensions } from '@angular/build';
import { logPrefix, type ProxyLogger, resolveHostOptions, runBuildAudit } from 'cors-dev-proxy/host';
import { type CorsDevProxyBuilderKeys, example } from './options.js';

/** An esbuild plugin, as `@angular/build` takes them (`codePlugins`). */
type EsbuildPlugin = NonNullable<ApplicationBuilderExtensions['codePlugins']>[number];
type BuildResult = Parameters<Parameters<Parameters<EsbuildPlugin['setup']>[0]['onEnd']>[0]>[0];

/** A message in esbuild's shape: Angular prints it with the build's own warnings and errors. */
const message = (text: string) => ({
  id: 'cors-dev-proxy',
  pluginName: 'cors-dev-proxy',
  text: `${logPrefix} ${text}`,
  location: null,
  notes: [],
  detail: undefined,
});

/**
 * `ng build`'s production audit: at the end of the application bundle, the request shapes recorded in
 * development are judged against production, as build warnings; with `failOnProductionCors`, a blocked shape
 * is a build error, so `ng build` fails. Once per run: Angular bundles browser and server code apart, and a
 * `--watch` rebuild changes no recorded shape.
 */
export function productionAuditPlugin(
  ours: CorsDevProxyBuilderKeys,
  root: string,
  configFile: string | undefined,
  info: (message: string) => void,
): EsbuildPlugin {
  let audited = false;
  return {
    name: 'cors-dev-proxy-production-audit',
    setup(build) {
      build.onEnd(async (result: BuildResult) => {
        if (audited || result.errors.length > 0) return;
        audited = true;
        const { options } = await resolveHostOptions({
          inline: ours.corsDevProxy,
          configFile,
          root,
          host: 'Angular',
          example,
        });
        const logger: ProxyLogger = {
          info: (text) => info(`${logPrefix} ${text}`),
          warn: (text) => result.warnings.push(message(text)),
          error: (text) => result.errors.push(message(text)),
        };
        const failure = await runBuildAudit(options, root, logger);
        if (failure) result.errors.push(message(failure));
      });
    },
  };
}
