import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import { logPrefix, resolveHostOptions, runBuildAudit } from 'cors-dev-proxy/host';
import { bundlerApi, type Compilation, type Compiler } from './host-types.js';
import { exampleFor } from './wiring-style.js';

/**
 * After a production build (`webpack --mode production`, `rspack build`): judges the request shapes recorded in
 * development against production, as webpack warnings (the CLI prints them, the overlay shows them) — and, with
 * `failOnProductionCors`, as an error that fails the build. Not in watch mode: a dev server's rebuilds are
 * judged live by the proxy.
 */
export function auditProductionBuilds(compiler: Compiler, inline: CorsDevProxyOptions | undefined): void {
  const api = bundlerApi(compiler);
  compiler.hooks.thisCompilation.tap('cors-dev-proxy', (compilation: Compilation) => {
    // Read here, not in apply(): webpack fills in the default mode (production) after the plugins ran.
    if (compiler.options.mode !== 'production' || compiler.watchMode) return;
    compilation.hooks.processAssets.tapPromise(
      { name: 'cors-dev-proxy', stage: api.Compilation.PROCESS_ASSETS_STAGE_REPORT },
      async () => {
        const report = (list: unknown[]) => (message: string) =>
          list.push(new api.WebpackError(`${logPrefix} ${message}`));
        const logger = compiler.getInfrastructureLogger('cors-dev-proxy');
        const { options } = await resolveHostOptions({
          inline,
          root: compiler.context,
          host: 'webpack',
          example: exampleFor('plugin'),
        });
        const failure = await runBuildAudit(options, compiler.context, {
          info: (message) => logger.info(message),
          warn: report(compilation.warnings),
          error: report(compilation.errors),
        });
        if (failure) report(compilation.errors)(failure);
      },
    );
  });
}
