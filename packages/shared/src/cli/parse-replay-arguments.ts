import { parseCommandLine, parseOriginOption, parseTimeoutOption } from './common-arguments.js';
import { UsageError } from './usage-error.js';

/** The example every `replay` usage error shows. */
export const replayExample =
  'cors-dev-proxy replay orders.har --origin https://app.example.com --target https://api.example.com';

export interface ReplayArguments {
  readonly harPath: string;
  readonly pageOrigin: string;
  readonly target?: string;
  readonly json: boolean;
  readonly timeoutMs: number;
}

/** Parses `replay`'s arguments; every problem becomes a UsageError naming the option and showing a fix. */
export function parseReplayArguments(argv: readonly string[]): ReplayArguments {
  const parsed = parseCommandLine(
    argv,
    {
      origin: { type: 'string' },
      target: { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
    replayExample,
  );
  const { values, positionals } = parsed;
  const [harPath] = positionals;
  if (harPath === undefined) throw new UsageError('replay needs the HAR file to replay.', replayExample);
  if (positionals.length > 1) {
    throw new UsageError(
      `replay takes one HAR file, got ${positionals.length}: ${positionals.join(' ')}.`,
      replayExample,
    );
  }
  const timeout = parseTimeoutOption(values.timeout, replayExample);
  const target = values.target === undefined ? undefined : parseTarget(String(values.target));
  return {
    harPath,
    pageOrigin: parseOriginOption(
      '--origin',
      values.origin as string | undefined,
      '--origin is required: the origin the app is served from in production.',
      replayExample,
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
      replayExample,
    );
  }
  if (url.search || url.hash) {
    throw new UsageError(
      `--target "${value}" must not have a query or fragment: each request's own path and query are appended to it.`,
      replayExample,
    );
  }
  return url.href.replace(/\/+$/, '');
}
