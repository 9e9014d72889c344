import { type ParseArgsConfig, parseArgs } from 'node:util';
import { suggestName } from '../config/suggest.js';
import { UsageError } from './usage-error.js';

/**
 * Argument checks the commands share, so each bad input gets the same words everywhere: what is wrong, and a
 * command line that works.
 */

/** `node:util` parseArgs, with its errors turned into a UsageError carrying the command's example. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  example: string,
) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    // Node's own hint ("To specify a positional argument…") does not fit our commands.
    const message = (error as Error).message.replace(/\. To specify.*$/s, '.');
    const unknown = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
    const guess = unknown === undefined ? undefined : suggestName(unknown, Object.keys(options));
    throw new UsageError(
      guess ? `${message.replace(/\.$/, '')}; did you mean '--${guess}'?` : message,
      example,
    );
  }
}

/** Hosts that serve plain http in development: a URL typed without its scheme gets `http://`, others `https://`. */
function likelyScheme(hostAndPort: string): 'http' | 'https' {
  const bracketed = /^\[([^\]]*)\]/.exec(hostAndPort)?.[1];
  const host = bracketed ?? hostAndPort.replace(/[:/?#].*$/s, '');
  return /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0)$/i.test(host) ? 'http' : 'https';
}

/** `value` with the scheme it was most likely typed without. */
function withLikelyScheme(value: string): string {
  const bare = value.replace(/^\/+/, '');
  return `${likelyScheme(bare)}://${bare}`;
}

/** An absolute http(s) URL; `example` is the command whose URL is replaced by a fixed guess. */
export function parseHttpUrl(
  value: string | undefined,
  missing: string,
  example: string,
  exampleUrl: string,
): URL {
  if (!value) throw new UsageError(missing, example);
  let url: URL;
  // "localhost:3000" parses as a URL whose scheme is "localhost:"; without "//" it is a host, not a URL.
  const schemeless = !value.includes('//');
  try {
    if (schemeless) throw new TypeError('no scheme');
    url = new URL(value);
  } catch {
    throw new UsageError(
      `"${value}" is not an absolute URL; did you mean "${withLikelyScheme(value)}"?`,
      example.replace(exampleUrl, withLikelyScheme(value)),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `"${value}" is not an http(s) URL (browsers only do CORS over http and https).`,
      example,
    );
  }
  return url;
}

/** A serialized origin (scheme://host[:port]); a path or trailing slash is refused with the likely intent. */
export function parseOriginOption(
  option: string,
  value: string | undefined,
  missing: string,
  example: string,
): string {
  if (value === undefined) throw new UsageError(missing, example);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} "${value}" is not an origin like https://app.example.com.`, example);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${option} "${value}" must be an http(s) origin.`, example);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || value.endsWith('/')) {
    throw new UsageError(
      `${option} "${value}" must be an origin (scheme://host[:port]) without a path or trailing slash; did you mean "${url.origin}"?`,
      example,
    );
  }
  return url.origin;
}

/** `--timeout MS`, default 10 s. */
export function parseTimeoutOption(value: unknown, example: string): number {
  if (value === undefined) return 10_000;
  const timeout = Number(value);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new UsageError(
      `--timeout "${value}" must be a positive number of milliseconds.`,
      `${example} --timeout 5000`,
    );
  }
  return timeout;
}
