import { readFile } from 'node:fs/promises';
import {
  groupHarRequests,
  HarFormatError,
  type HarShapeGroup,
  parseHar,
  productionUrl,
} from '../audit/har.js';
import { computeFix } from '../cors/fix.js';
import { liveCheck, NetworkFailure } from '../cors/live-check.js';
import { readServerPolicy } from '../cors/server-policy.js';
import type { CorsRequest } from '../cors/types.js';
import type { CommandIo } from './check-command.js';
import { formatReplayReport, plural, replayReportJson, type ShapeResult } from './format-replay-report.js';
import { createPalette } from './format-verdict.js';
import { parseReplayArguments, type ReplayArguments, replayExample } from './parse-replay-arguments.js';
import { startProgress } from './progress.js';
import { UsageError } from './usage-error.js';

/** Exit statuses of `replay`, documented in the README. */
export const replayExit = { allowed: 0, blocked: 1, error: 2, undecided: 3 } as const;

/** Shapes judged at once: enough to be quick, few enough not to look like a flood to production. */
const concurrency = 4;

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
      replayExample,
    );
  }
  const groups = groupHarRequests(requests);
  const local = requests.map(({ url }) => new URL(url)).find(({ hostname }) => isLoopback(hostname));
  if (args.target === undefined && local && !isLoopback(new URL(args.pageOrigin).hostname)) {
    // Recorded through the dev server: asking it again says nothing about production.
    io.stderr(
      `[cors-dev-proxy] note: the HAR was recorded against ${local.origin}; without --target that server is asked, not production. Example: ${replayExample}\n`,
    );
  }
  const progress = startProgress(
    args.json ? undefined : io.progress,
    'replay',
    groups.length,
    'request shapes checked',
  );
  const results = await mapWithConcurrency(groups, concurrency, async (group) => {
    const result = await judgeShape(group, args);
    progress.step();
    return result;
  }).finally(() => progress.finish());
  if (args.json)
    io.stdout(`${JSON.stringify(replayReportJson(args, results, requests.length, ignored), null, 2)}\n`);
  else io.stdout(formatReplayReport(args, results, requests.length, ignored, createPalette(io.color)));

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

async function readHarFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : message;
    throw new UsageError(`cannot read "${path}": ${why}.`, replayExample);
  }
}

function parseHarFile(path: string, text: string): ReturnType<typeof parseHar> {
  try {
    return parseHar(text, path);
  } catch (error) {
    if (error instanceof HarFormatError) throw new UsageError(error.message, replayExample);
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

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\./.test(hostname)
  );
}
