import type { HarShapeGroup } from '../audit/har.js';
import type { CorsFix } from '../cors/fix.js';
import type { NetworkFailure } from '../cors/live-check.js';
import type { CorsRequest, CorsVerdict } from '../cors/types.js';
import type { Palette } from './format-verdict.js';
import type { ReplayArguments } from './parse-replay-arguments.js';

/** A shape's outcome: a verdict, or the network failure that prevented one. */
export type ShapeResult = {
  readonly group: HarShapeGroup;
  readonly request: CorsRequest;
} & ({ readonly verdict: CorsVerdict; readonly fix: CorsFix | null } | { readonly failure: NetworkFailure });

/** Why a shape has no verdict: the data-changing request was not sent, or nothing answered. */
function undecidedReason(result: ShapeResult): string {
  if ('failure' in result) return `no answer: ${result.failure.message} (${result.failure.code})`;
  const carry = Object.entries(result.fix?.responseHeaders ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
  return `${result.verdict.preflight ? 'the preflight passes' : 'no preflight is needed'}; the ${result.request.method} itself was not sent (it could change data), so check its responses carry ${carry}`;
}

/** The human report: one line per shape, the tally, then the fix for each blocked shape. */
export function formatReplayReport(
  args: ReplayArguments,
  results: readonly ShapeResult[],
  requestCount: number,
  ignored: number,
  palette: Palette,
): string {
  const lines: string[] = [];
  const tally = { allowed: 0, blocked: 0, undecided: 0, unreachable: 0 };
  for (const result of results) {
    const label = `${result.group.shape.key} ${palette.dim(`×${result.group.count}`)}`;
    const allowed = 'verdict' in result ? result.verdict.allowed : null;
    if (allowed === true) {
      tally.allowed += 1;
      lines.push(`${palette.green('✔')} ${label}`);
    } else if (allowed === false && 'verdict' in result) {
      tally.blocked += 1;
      const why = result.verdict.message ?? result.verdict.problems[0]?.detail ?? result.verdict.corsError;
      lines.push(`${palette.red('✖')} ${label} — ${why}`);
    } else {
      tally['failure' in result ? 'unreachable' : 'undecided'] += 1;
      lines.push(`${palette.yellow('?')} ${label} — ${undecidedReason(result)}`);
    }
  }
  const counts = Object.entries(tally)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  lines.push(
    '',
    `${palette.bold(counts)}: ${plural(results.length, 'request shape')} from ${plural(requestCount, 'API call')}${ignored > 0 ? ` (${plural(ignored, 'other entry', 'other entries')} ignored)` : ''}, as ${args.pageOrigin} against ${args.target ?? 'the recorded URLs'}.`,
  );
  for (const result of results) {
    if (!('verdict' in result) || result.verdict.allowed !== false || !result.fix) continue;
    const { fix } = result;
    lines.push('', palette.bold(`Fix for ${result.group.shape.key}:`));
    if (fix.preflightHeaders) {
      lines.push('  Answer the preflight (OPTIONS) with 204 and:', ...headerBlock(fix.preflightHeaders));
    }
    lines.push(
      '  Send on every response, errors and redirects included:',
      ...headerBlock(fix.responseHeaders),
    );
    for (const advice of [fix.policyChange, ...fix.advice]) if (advice) lines.push(`  • ${advice}`);
  }
  return `${lines.join('\n')}\n`;
}

function headerBlock(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).map(([name, value]) => `    ${name}: ${value}`);
}

/** The `--json` report: the same shapes, with the fix as computed. */
export function replayReportJson(
  args: ReplayArguments,
  results: readonly ShapeResult[],
  requestCount: number,
  ignored: number,
) {
  return {
    origin: args.pageOrigin,
    target: args.target ?? null,
    requests: requestCount,
    ignored,
    shapes: results.map((result) => {
      const { shape, count } = result.group;
      const common = {
        key: shape.key,
        method: shape.method,
        path: shape.pathPattern,
        count,
        url: result.request.url,
      };
      if ('failure' in result) {
        return {
          ...common,
          allowed: null,
          corsError: null,
          message: null,
          fix: null,
          undecided: undecidedReason(result),
          networkError: { code: result.failure.code, message: result.failure.message },
        };
      }
      const { verdict, fix } = result;
      return {
        ...common,
        allowed: verdict.allowed,
        corsError: verdict.corsError,
        message: verdict.message,
        fix,
        ...(verdict.allowed === null ? { undecided: undecidedReason(result) } : {}),
      };
    }),
  };
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
