import { readFile } from 'node:fs/promises';
import {
  groupHarRequests,
  HarFormatError,
  type HarShapeGroup,
  parseHar,
  productionUrl,
} from '../audit/har.js';
import { type CorsFix, computeFix } from '../cors/fix.js';
import { liveCheck, NetworkFailure } from '../cors/live-check.js';
import { readServerPolicy } from '../cors/server-policy.js';
import type { CorsRequest, CorsVerdict } from '../cors/types.js';
import type { CommandIo } from './check-command.js';
import { parseCommandLine, parseOriginOption, parseTimeoutOption } from './common-arguments.js';
import { createPalette, type Palette } from './format-verdict.js';
import { UsageError } from './usage-error.js';

/** Exit statuses of `replay`, documented in the README. */
export const replayExit = { allowed: 0, blocked: 1, error: 2, undecided: 3 } as const;

/** Shapes judged at once: enough to be quick, few enough not to look like a flood to production. */
const concurrency = 4;

const example =
  'cors-dev-proxy replay orders.har --origin https://app.example.com --target https://api.example.com';

interface ReplayArguments {
  readonly harPath: string;
  readonly pageOrigin: string;
  readonly target?: string;
  readonly json: boolean;
  readonly timeoutMs: number;
}

/** A shape's outcome: a verdict, or the network failure that prevented one. */
type ShapeResult = {
  readonly group: HarShapeGroup;
  readonly request: CorsRequest;
} & ({ readonly verdict: CorsVerdict; readonly fix: CorsFix | null } | { readonly failure: NetworkFailure });

/**
 * `cors-dev-proxy replay <file.har> --origin <origin> [--target <url>]`: judges every API call of a HAR exported
 * from DevTools against production, once per request shape. Only preflights and GET/HEAD requests are sent:
 * a recorded PUT or POST is never replayed, so its verdict stays undecided when its preflight passes.
 */
export async function runReplayCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseReplayArguments(argv);
  const { requests, ignored } = parseHarFile(args.harPath, await readHarFile(args.harPath));
  if (requests.length === 0) {
    throw new UsageError(
      `"${args.harPath}" holds ${plural(ignored, 'request')} but no fetch/XHR call. Record while the app calls its API (Network panel filter "All" or "Fetch/XHR"), then Save all as HAR.`,
      example,
    );
  }
  const groups = groupHarRequests(requests);
  const local = requests.map(({ url }) => new URL(url)).find(({ hostname }) => isLoopback(hostname));
  if (args.target === undefined && local && !isLoopback(new URL(args.pageOrigin).hostname)) {
    // Recorded through the dev server: asking it again says nothing about production.
    io.stderr(
      `[cors-dev-proxy] note: the HAR was recorded against ${local.origin}; without --target that server is asked, not production. Example: ${example}\n`,
    );
  }
  const results = await mapWithConcurrency(groups, concurrency, (group) => judgeShape(group, args));
  if (args.json) io.stdout(`${JSON.stringify(toJson(args, results, requests.length, ignored), null, 2)}\n`);
  else io.stdout(formatReplay(args, results, requests.length, ignored, createPalette(io.color)));

  const failures = results.filter((result) => 'failure' in result);
  if (failures.length === results.length) {
    const first = failures[0] as Extract<ShapeResult, { failure: NetworkFailure }>;
    io.stderr(
      `[cors-dev-proxy] no request got an answer (first: ${first.failure.message}, ${first.failure.code}). No CORS verdict is possible until the server answers.\n`,
    );
    return replayExit.error;
  }
  const allowed = results.map((result) => ('verdict' in result ? result.verdict.allowed : null));
  if (allowed.includes(false)) return replayExit.blocked;
  return allowed.includes(null) ? replayExit.undecided : replayExit.allowed;
}

function parseReplayArguments(argv: readonly string[]): ReplayArguments {
  const parsed = parseCommandLine(
    argv,
    {
      origin: { type: 'string' },
      target: { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
    example,
  );
  const { values, positionals } = parsed;
  const [harPath] = positionals;
  if (harPath === undefined) throw new UsageError('replay needs the HAR file to replay.', example);
  if (positionals.length > 1) {
    throw new UsageError(
      `replay takes one HAR file, got ${positionals.length}: ${positionals.join(' ')}.`,
      example,
    );
  }
  const timeout = parseTimeoutOption(values.timeout, example);
  const target = values.target === undefined ? undefined : parseTarget(String(values.target));
  return {
    harPath,
    pageOrigin: parseOriginOption(
      '--origin',
      values.origin as string | undefined,
      '--origin is required: the origin the app is served from in production.',
      example,
    ),
    ...(target ? { target } : {}),
    json: Boolean(values.json),
    timeoutMs: timeout,
  };
}

function parseTarget(value: string): string {
  const url = URL.parse(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(
      `--target "${value}" is not an http(s) URL like https://api.example.com (the production API base).`,
      example,
    );
  }
  if (url.search || url.hash) {
    throw new UsageError(
      `--target "${value}" must not have a query or fragment: each request's own path and query are appended to it.`,
      example,
    );
  }
  return url.href.replace(/\/+$/, '');
}

async function readHarFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : message;
    throw new UsageError(`cannot read "${path}": ${why}.`, example);
  }
}

function parseHarFile(path: string, text: string): ReturnType<typeof parseHar> {
  try {
    return parseHar(text, path);
  } catch (error) {
    if (error instanceof HarFormatError) throw new UsageError(error.message, example);
    throw error;
  }
}

async function judgeShape(group: HarShapeGroup, args: ReplayArguments): Promise<ShapeResult> {
  const { shape, example: recorded } = group;
  const request: CorsRequest = {
    url: productionUrl(recorded.url, args.target),
    method: recorded.method,
    headers: shape.pageHeaders,
    credentials: shape.credentials ? 'include' : 'same-origin',
    // Chromium words some messages differently for XMLHttpRequest; Chrome's HAR says which one the app used.
    initiator: recorded.resourceType === 'xhr' ? 'xhr' : 'fetch',
  };
  try {
    // Without sendActual, liveCheck sends preflights and GET/HEAD only: nothing that changes data.
    const { verdict, hops } = await liveCheck({
      pageOrigin: args.pageOrigin,
      request,
      sendActual: false,
      timeoutMs: args.timeoutMs,
    });
    const fix =
      verdict.allowed === true
        ? null
        : computeFix(args.pageOrigin, request, verdict, undefined, readServerPolicy(hops));
    return { group, request, verdict, fix };
  } catch (error) {
    if (error instanceof NetworkFailure) return { group, request, failure: error };
    throw error;
  }
}

/** Order-preserving map with at most `limit` tasks in flight (too small a need for a dependency). */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Why a shape has no verdict: the data-changing request was not sent, or nothing answered. */
function undecidedReason(result: ShapeResult): string {
  if ('failure' in result) return `no answer: ${result.failure.message} (${result.failure.code})`;
  const carry = Object.entries(result.fix?.responseHeaders ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
  return `${result.verdict.preflight ? 'the preflight passes' : 'no preflight is needed'}; the ${result.request.method} itself was not sent (it could change data), so check its responses carry ${carry}`;
}

function formatReplay(
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

function toJson(
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

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\./.test(hostname)
  );
}
