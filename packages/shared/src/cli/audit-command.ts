import { parseArgs } from 'node:util';
import { auditRecordedShapes } from '../audit/recorded-shapes-audit.js';
import { defaultShapesFile } from '../audit/shapes-store.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { resolveOptions } from '../config/resolve-options.js';
import type { CommandIo } from './check-command.js';
import { type Progress, startProgress } from './progress.js';
import { UsageError } from './usage-error.js';

const example = 'cors-dev-proxy audit --config cors-dev-proxy.config.mjs';

/**
 * `cors-dev-proxy audit`: judges every request shape recorded in development (.cors-dev-proxy/shapes.json)
 * against production, as in the dev server, and fails (exit 1) when production would block one. For CI.
 */
export async function runAuditCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let values: { config?: string; shapes?: string; root?: string; json?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        config: { type: 'string' },
        shapes: { type: 'string' },
        root: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, '.'), example);
  }
  const root = values.root ?? process.cwd();
  const loaded = await loadConfigFile(root, values.config);
  if (!loaded) {
    throw new UsageError(
      `no cors-dev-proxy.config.{ts,mts,js,mjs,json} in ${root}; audit needs routes and production.origin.`,
      example,
    );
  }
  const options = resolveOptions(loaded.options);
  if (!options.production) {
    throw new UsageError(
      `${loaded.file} has no production section, so there is nothing to audit against.`,
      "production: { origin: 'https://app.example.com' }",
    );
  }
  const shapesFile = values.shapes ?? `${root}/${defaultShapesFile}`;
  // `mode: 'off'` silences the dev server's audit; asked explicitly, the command audits anyway.
  let progress: Progress | undefined;
  const audit = await auditRecordedShapes({ ...options, mode: 'warn' }, shapesFile, (judged, total) => {
    progress ??= startProgress(
      values.json ? undefined : io.progress,
      'audit',
      total,
      'request shapes judged',
    );
    if (judged > 0) progress.step();
  }).finally(() => progress?.finish());
  if (!audit) throw new Error('unreachable: production is configured');
  const { judgements, summary } = audit;
  if (values.json) {
    io.stdout(
      `${JSON.stringify(
        {
          origin: options.production.origin,
          shapesFile,
          blocked: summary.blocked.length,
          allowed: summary.allowed.length,
          undecided: summary.undecided.length,
          shapes: judgements.map((judgement) => ({
            key: judgement.shape.key,
            url: judgement.url,
            allowed: judgement.verdict?.allowed ?? null,
            corsError: judgement.verdict?.corsError ?? null,
            message: judgement.verdict?.message ?? null,
            ...(judgement.drift ? { drift: judgement.drift } : {}),
            ...(judgement.probeError ? { probeError: judgement.probeError } : {}),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else if (audit.report === '') {
    io.stdout(
      `No request shapes recorded in ${shapesFile} yet: run the dev server with production configured and use the app.\n`,
    );
  } else {
    io.stdout(`${audit.report}\n`);
  }
  if (summary.blocked.length > 0) return 1;
  return summary.undecided.length > 0 ? 3 : 0;
}
