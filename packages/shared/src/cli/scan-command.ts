import {
  assessOrigins,
  craftOrigins,
  type FindingSeverity,
  type OriginAssessment,
  type OriginFinding,
  type OriginProbe,
  type OriginResponder,
  scanPreflight,
  severities,
} from '../audit/origin-findings.js';
import { sendOriginProbe } from '../audit/origin-probe.js';
import { NetworkFailure } from '../cors/live-check.js';
import type { CommandIo } from './check-command.js';
import { parseCommandLine, parseHttpUrl, parseOriginOption, parseTimeoutOption } from './common-arguments.js';
import { createPalette, type Palette } from './format-verdict.js';
import { startProgress } from './progress.js';
import { UsageError } from './usage-error.js';

/** Exit statuses of `scan`, documented in the README. */
export const scanExit = { clean: 0, findings: 1, error: 2 } as const;

/** Findings at or above this severity fail the scan. */
const failing: readonly FindingSeverity[] = ['critical', 'high', 'medium'];

const example = 'cors-dev-proxy scan https://api.example.com/orders --origin https://app.example.com';

interface ScanArguments {
  readonly url: URL;
  readonly origin: string;
  readonly localOrigin?: string;
  readonly json: boolean;
  readonly timeoutMs: number;
}

/** Parses `scan`'s arguments; every problem becomes a UsageError naming the option and showing a fix. */
export function parseScanArguments(argv: readonly string[]): ScanArguments {
  const parsed = parseCommandLine(
    argv,
    {
      origin: { type: 'string' },
      'local-origin': { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
    example,
  );
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new UsageError(`scan takes one URL, got ${positionals.length}: ${positionals.join(' ')}.`, example);
  const url = parseHttpUrl(
    positionals[0],
    'scan needs the URL of a production API endpoint.',
    example,
    'https://api.example.com/orders',
  );
  if (values.origin === undefined)
    throw new UsageError('--origin is required: the origin the app is served from in production.', example);
  const timeout = parseTimeoutOption(values.timeout, example);
  const local = values['local-origin'];
  return {
    url,
    origin: parseOriginOption('--origin', String(values.origin), '--origin is required.', example),
    ...(local === undefined
      ? {}
      : { localOrigin: parseOriginOption('--local-origin', String(local), '', example) }),
    json: Boolean(values.json),
    timeoutMs: timeout,
  };
}

function severityLabel(severity: FindingSeverity, palette: Palette): string {
  const label = severity.toUpperCase().padEnd(8);
  if (severity === 'critical') return palette.red(palette.bold(label));
  if (severity === 'high') return palette.red(label);
  if (severity === 'medium') return palette.yellow(label);
  return palette.dim(label);
}

function probeLine(probe: OriginProbe, palette: Palette): string {
  const admitted = probe.preflight.anonymous || probe.actual.anonymous;
  const how = probe.withCredentials
    ? palette.red('admitted with credentials')
    : admitted
      ? probe.echoed
        ? palette.yellow('admitted')
        : palette.yellow('admitted by *')
      : palette.green('not admitted');
  const statuses = palette.dim(`(OPTIONS ${probe.preflight.status}, GET ${probe.actual.status})`);
  return `  ${probe.origin.padEnd(48)} ${probe.role.padEnd(24)} ${how} ${statuses}`;
}

function formatScan(
  args: ScanArguments,
  assessment: OriginAssessment,
  redirect: string | undefined,
  palette: Palette,
): string {
  const lines = [
    `${palette.bold('Scanned')} ${args.url.href} for the production origin ${args.origin}`,
    palette.dim(
      `  ${assessment.probes.length} origins, each as an OPTIONS preflight for ${scanPreflight.method} with Content-Type and a GET`,
    ),
  ];
  if (redirect) {
    lines.push(
      palette.yellow(
        `  The GET was redirected (${redirect}): scan the URL it redirects to for the final answer.`,
      ),
    );
  }
  for (const finding of assessment.findings) lines.push('', ...formatFinding(finding, palette));
  lines.push(
    '',
    palette.bold('Origins sent:'),
    ...assessment.probes.map((probe) => probeLine(probe, palette)),
  );
  const counts = severities
    .map((severity) => [severity, assessment.findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const failed = assessment.findings.some((finding) => failing.includes(finding.severity));
  lines.push(
    '',
    failed
      ? palette.red(palette.bold(`✖ ${counts.join(', ')}`))
      : palette.green(
          palette.bold(`✔ No finding above low${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`),
        ),
  );
  return `${lines.join('\n')}\n`;
}

function formatFinding(finding: OriginFinding, palette: Palette): string[] {
  return [
    `${severityLabel(finding.severity, palette)} ${palette.bold(finding.title)}`,
    `         ${finding.detail}`,
    `         ${palette.bold('Fix:')} ${finding.fix}`,
  ];
}

/**
 * `cors-dev-proxy scan <url> --origin <production origin>`: sends the production origin, the local dev origin
 * and origins an attacker can hold to a live API, and reports who the CORS policy lets read its responses.
 */
export async function runScanCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseScanArguments(argv);
  let redirect: string | undefined;
  const responder: OriginResponder = async (origin, kind) => {
    const response = await sendOriginProbe(args.url, origin, kind, args.timeoutMs);
    const location = response.headers.find(([name]) => name.toLowerCase() === 'location')?.[1];
    if (kind === 'actual' && response.status >= 300 && response.status < 400 && location) {
      redirect ??= `${response.status} to ${new URL(location, args.url).href}`;
    }
    return response;
  };
  let assessment: OriginAssessment;
  const progress = startProgress(
    args.json ? undefined : io.progress,
    'scan',
    craftOrigins(args.origin, args.localOrigin).length,
    'origins probed',
  );
  try {
    assessment = await assessOrigins(responder, {
      productionOrigin: args.origin,
      ...(args.localOrigin ? { localOrigin: args.localOrigin } : {}),
      onProbed: () => progress.step(),
    });
  } catch (error) {
    if (error instanceof NetworkFailure) {
      io.stderr(`[cors-dev-proxy] ${error.message} (${error.code}). The scan needs the server to answer.\n`);
      return scanExit.error;
    }
    throw error;
  } finally {
    progress.finish();
  }
  if (args.json) {
    io.stdout(
      `${JSON.stringify(
        {
          url: args.url.href,
          origin: args.origin,
          ...(args.localOrigin ? { localOrigin: args.localOrigin } : {}),
          findings: assessment.findings,
          probes: assessment.probes,
          ...(redirect ? { redirect } : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(formatScan(args, assessment, redirect, createPalette(io.color)));
  }
  return assessment.findings.some((finding) => failing.includes(finding.severity))
    ? scanExit.findings
    : scanExit.clean;
}
