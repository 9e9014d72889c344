import { type FrameworkName, frameworkNames } from '../cors/fix-policy.js';
import { isForbiddenMethod, normalizeHeaderValue } from '../cors/request-rules.js';
import type { CorsRequest, CredentialsMode, HeaderLine, Initiator } from '../cors/types.js';
import { parseCommandLine, parseHttpUrl, parseOriginOption, parseTimeoutOption } from './common-arguments.js';
import { UsageError } from './usage-error.js';

export interface CheckArguments {
  readonly pageOrigin: string;
  readonly request: CorsRequest;
  readonly sendActual: boolean;
  readonly framework?: FrameworkName;
  readonly json: boolean;
  readonly timeoutMs: number;
}

const example =
  'cors-dev-proxy check https://api.example.com/orders --origin https://app.example.com --method PUT --header "Content-Type: application/json"';

function parseHeader(value: string): HeaderLine {
  const colon = value.indexOf(':');
  const name = colon === -1 ? '' : value.slice(0, colon).trim();
  if (colon === -1 || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw new UsageError(
      `--header "${value}" must look like "Name: value".`,
      `${example.split(' --header')[0]} --header "X-Api-Key: 123"`,
    );
  }
  // Only HTTP whitespace, as the browser's Headers object strips it: String#trim would also eat U+00A0, a byte
  // Chromium sends.
  const headerValue = normalizeHeaderValue(value.slice(colon + 1));
  if (/[\r\n\0]/.test(headerValue))
    throw new UsageError(`--header "${name}" has a line break in its value.`, example);
  const wide = [...headerValue].find((char) => (char.codePointAt(0) ?? 0) > 0xff);
  if (wide) {
    throw new UsageError(
      `--header "${name}" has "${wide}" in its value: a header value is bytes, and fetch() throws a TypeError for a character above U+00FF. Percent-encode it, e.g. ${encodeURIComponent(wide)}.`,
      `${example.split(' --header')[0]} --header "X-Price: ${encodeURIComponent('€')}5"`,
    );
  }
  return [name, headerValue];
}

function parseChoice<T extends string>(
  option: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `${option} "${value}" is not one of ${choices.join(', ')}.`,
    `${example.split(' --method')[0]} ${option} ${choices[choices.length - 1]}`,
  );
}

/** Parses `check`'s arguments; every problem becomes a UsageError naming the option and showing a fix. */
export function parseCheckArguments(argv: readonly string[]): CheckArguments {
  const parsed = parseCommandLine(
    argv,
    {
      origin: { type: 'string' },
      method: { type: 'string', default: 'GET' },
      header: { type: 'string', multiple: true, short: 'H' },
      credentials: { type: 'string' },
      initiator: { type: 'string' },
      'send-actual': { type: 'boolean', default: false },
      framework: { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
    example,
  );
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new UsageError(
      `check takes one URL, got ${positionals.length}: ${positionals.join(' ')}.`,
      example,
    );
  const method = String(values.method);
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method))
    throw new UsageError(`--method "${method}" is not a valid HTTP method.`, example);
  if (isForbiddenMethod(method))
    throw new UsageError(
      `--method ${method} cannot be sent by a page: fetch() throws a TypeError for it.`,
      example,
    );
  const timeout = parseTimeoutOption(values.timeout, example);
  const framework =
    values.framework === undefined
      ? undefined
      : parseChoice('--framework', String(values.framework), frameworkNames, 'express');
  const url = parseHttpUrl(
    positionals[0],
    'check needs the URL the page calls.',
    example,
    'https://api.example.com/orders',
  ).href;
  return {
    pageOrigin: parseOriginOption(
      '--origin',
      values.origin as string | undefined,
      '--origin is required: the origin of the page that makes the request.',
      example,
    ),
    request: {
      url,
      method,
      headers: ((values.header as string[] | undefined) ?? []).map(parseHeader),
      credentials: parseChoice<CredentialsMode>(
        '--credentials',
        values.credentials as string | undefined,
        ['omit', 'same-origin', 'include'],
        'same-origin',
      ),
      initiator: parseChoice<Initiator>(
        '--initiator',
        values.initiator as string | undefined,
        ['fetch', 'xhr'],
        'fetch',
      ),
    },
    sendActual: Boolean(values['send-actual']),
    ...(framework ? { framework } : {}),
    json: Boolean(values.json),
    timeoutMs: timeout,
  };
}
