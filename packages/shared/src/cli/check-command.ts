import { checkUrl } from '../cors/check-url.js';
import { NetworkFailure } from '../cors/live-check.js';
import { createPalette, formatVerdict } from './format-verdict.js';
import { parseCheckArguments } from './parse-check-arguments.js';
import type { ProgressTerminal } from './progress.js';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
  /** The terminal for progress lines; absent when stderr is not a TTY (see progress.ts). */
  readonly progress?: ProgressTerminal;
}

/** Exit statuses of `check`, documented in the README. */
export const checkExit = { allowed: 0, blocked: 1, error: 2, undecided: 3 } as const;

/**
 * `cors-dev-proxy check <url> --origin <origin> …`: sends the preflight and (when safe) the actual request as
 * Chromium would, and prints the verdict, Chromium's message and the fix.
 */
export async function runCheckCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseCheckArguments(argv);
  let outcome: Awaited<ReturnType<typeof checkUrl>>;
  try {
    outcome = await checkUrl(args);
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
  const { verdict, fix } = outcome;
  if (args.json) io.stdout(`${JSON.stringify(outcome.report, null, 2)}\n`);
  else io.stdout(formatVerdict(args.request, args.pageOrigin, verdict, fix, createPalette(io.color)));
  if (verdict.allowed === null) return checkExit.undecided;
  return verdict.allowed ? checkExit.allowed : checkExit.blocked;
}
