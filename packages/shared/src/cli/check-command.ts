import { computeFix } from '../cors/fix.js';
import { liveCheck, NetworkFailure } from '../cors/live-check.js';
import { readServerPolicy } from '../cors/server-policy.js';
import { createPalette, formatVerdict } from './format-verdict.js';
import { parseCheckArguments } from './parse-check-arguments.js';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
}

/** Exit statuses of `check`, documented in the README. */
export const checkExit = { allowed: 0, blocked: 1, error: 2, undecided: 3 } as const;

/**
 * `cors-dev-proxy check <url> --origin <origin> …`: sends the preflight and (when safe) the actual request as
 * Chromium would, and prints the verdict, Chromium's message and the fix.
 */
export async function runCheckCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseCheckArguments(argv);
  let result: Awaited<ReturnType<typeof liveCheck>>;
  try {
    result = await liveCheck({
      pageOrigin: args.pageOrigin,
      request: args.request,
      sendActual: args.sendActual,
      timeoutMs: args.timeoutMs,
    });
  } catch (error) {
    if (error instanceof NetworkFailure) {
      // A browser shows no CORS message for these either: the request never got an HTTP answer.
      io.stderr(
        `[cors-dev-proxy] ${error.message} (${error.code}). No CORS verdict is possible until the server answers.\n`,
      );
      return checkExit.error;
    }
    throw error;
  }
  const { verdict } = result;
  // The fix adds to what the server already allows, as its answers show, rather than replacing it.
  const fix = computeFix(
    args.pageOrigin,
    args.request,
    verdict,
    args.framework,
    readServerPolicy(result.hops),
  );
  if (args.json) {
    io.stdout(
      `${JSON.stringify(
        {
          allowed: verdict.allowed,
          preflight: verdict.preflight,
          corsError: verdict.corsError,
          failedParameter: verdict.failedParameter,
          message: verdict.message,
          ...(verdict.failedParameterCandidates
            ? { failedParameterCandidates: verdict.failedParameterCandidates }
            : {}),
          problems: verdict.problems,
          fix,
          notes: verdict.notes,
          ...(verdict.undecided ? { undecided: verdict.undecided } : {}),
          requests: result.exchanges.map(({ kind, method, url, response }) => ({
            kind,
            method,
            url,
            status: response.status,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(formatVerdict(args.request, args.pageOrigin, verdict, fix, createPalette(io.color)));
  }
  if (verdict.allowed === null) return checkExit.undecided;
  return verdict.allowed ? checkExit.allowed : checkExit.blocked;
}
