import path from 'node:path';
import type { ApplicationBuilderOptions } from '@angular/build';
import type { BuilderContext, BuilderOutput } from '@angular-devkit/architect';
import { loadAngularBuild } from './angular-build.js';
import { type CorsDevProxyBuilderKeys, projectRoot, splitOptions } from './options.js';
import { productionAuditPlugin } from './production-audit-plugin.js';

type JsonObject = Parameters<BuilderContext['validateOptions']>[0];

/** `@cors-dev-proxy/angular:application`'s options: Angular's application options plus ours. */
export type CorsDevProxyApplicationOptions = ApplicationBuilderOptions & CorsDevProxyBuilderKeys;

/**
 * `@angular/build:application` with cors-dev-proxy's production audit at the end of the build (`ng build`).
 * Angular's options are validated against the installed Angular and handed to its own builder unchanged.
 */
export async function* buildWithCorsDevProxy(
  options: CorsDevProxyApplicationOptions,
  context: BuilderContext,
): AsyncIterable<BuilderOutput> {
  const { ours, angular } = splitOptions(options);
  const ngOptions = (await context.validateOptions(
    angular as JsonObject,
    '@angular/build:application',
  )) as unknown as ApplicationBuilderOptions;
  const root = await projectRoot(context);
  const configFile = ours.corsDevProxyConfig && path.resolve(context.workspaceRoot, ours.corsDevProxyConfig);
  yield* loadAngularBuild(context.workspaceRoot).buildApplication(ngOptions, context, {
    codePlugins: [productionAuditPlugin(ours, root, configFile, (message) => context.logger.info(message))],
  });
}
