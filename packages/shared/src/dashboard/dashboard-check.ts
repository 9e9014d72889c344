import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkUrl } from '../cors/check-url.js';
import { type FrameworkName, frameworkNames } from '../cors/fix-policy.js';
import { isToken } from '../cors/header-lines.js';
import { NetworkFailure } from '../cors/live-check.js';
import { isForbiddenMethod, normalizeHeaderValue } from '../cors/request-rules.js';
import type { CorsRequest, CredentialsMode, HeaderLine } from '../cors/types.js';

/** A check's request body is a URL, a method and a few headers: anything longer is not the page's form. */
const maxBodyBytes = 16 * 1024;

/**
 * Why a check request must be refused, or undefined. The check sends requests from the developer's machine, so
 * only the dashboard itself may start one: a POST whose `Origin` is this dev server's own origin, with a JSON
 * body. A cross-site form post carries the attacker's Origin (or `null`) and a form content type; a tool that
 * sends no Origin is refused too, as this is the page's action, not an API (`cors-dev-proxy check` is the CLI's).
 */
export function refuseCheckRequest(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin === undefined) return 'the check runs only from the dashboard page (the request has no Origin)';
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost === undefined || originHost !== host) {
    return `the check runs only from the dashboard page of this dev server, not from ${origin}`;
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type !== 'application/json') {
    return `the check takes a JSON body (Content-Type: application/json), not ${type || 'no type'}`;
  }
  return undefined;
}

class CheckInputError extends Error {}

const asString = (value: unknown, name: string, fallback?: string): string => {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw new CheckInputError(`${name} is required`);
  }
  if (typeof value !== 'string') throw new CheckInputError(`${name} must be a string`);
  return value;
};

function choice<T extends string>(value: unknown, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new CheckInputError(`${name} "${String(value)}" is not one of ${choices.join(', ')}`);
}

/** The form's fields, validated as `cors-dev-proxy check` validates its arguments. */
export function parseCheckInput(body: unknown): {
  pageOrigin: string;
  request: CorsRequest;
  sendActual: boolean;
  framework: FrameworkName | undefined;
} {
  if (typeof body !== 'object' || body === null) throw new CheckInputError('the body must be a JSON object');
  const input = body as Record<string, unknown>;
  const rawUrl = asString(input.url, 'url');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new CheckInputError(`url "${rawUrl}" is not an absolute URL (e.g. https://api.example.com/orders)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CheckInputError(`url "${rawUrl}" must be http: or https:`);
  }
  const rawOrigin = asString(input.origin, 'origin');
  let pageOrigin: string;
  try {
    pageOrigin = new URL(rawOrigin).origin;
  } catch {
    throw new CheckInputError(`origin "${rawOrigin}" is not an origin (e.g. https://app.example.com)`);
  }
  const method = asString(input.method, 'method', 'GET');
  if (!isToken(method)) throw new CheckInputError(`method "${method}" is not a valid HTTP method`);
  if (isForbiddenMethod(method)) throw new CheckInputError(`method ${method} cannot be sent by a page`);
  const rawHeaders = asString(input.headers, 'headers', '');
  const headers: HeaderLine[] = [];
  for (const line of rawHeaders.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (!isToken(name)) throw new CheckInputError(`header "${line}" must look like "Name: value"`);
    const value = normalizeHeaderValue(line.slice(colon + 1));
    if (/[\r\n\0]/.test(value) || [...value].some((char) => (char.codePointAt(0) ?? 0) > 0xff)) {
      throw new CheckInputError(`header "${name}" has a character fetch() refuses in its value`);
    }
    headers.push([name, value]);
  }
  const credentials = choice<CredentialsMode>(
    input.credentials,
    'credentials',
    ['omit', 'same-origin', 'include'],
    'same-origin',
  );
  const frameworkChoice =
    input.framework === undefined || input.framework === '' ? undefined : input.framework;
  return {
    pageOrigin,
    request: {
      url: url.href,
      method,
      headers,
      credentials,
      initiator: choice(input.initiator, 'initiator', ['fetch', 'xhr'], 'fetch'),
    },
    sendActual: input.sendActual === true,
    framework:
      frameworkChoice === undefined
        ? undefined
        : choice(frameworkChoice, 'framework', frameworkNames, 'express'),
  };
}

const answer = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

/** `POST /__cors-dev-proxy/dashboard/check`: the live check of `cors-dev-proxy check`, its JSON report back. */
export function serveCheck(
  req: IncomingMessage,
  res: ServerResponse,
  onRefused: (why: string) => void,
): void {
  const refusal = refuseCheckRequest(req);
  if (refusal) {
    onRefused(refusal);
    answer(res, 403, { error: refusal });
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      answer(res, 413, { error: `the body is over ${maxBodyBytes} bytes` });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    let input: ReturnType<typeof parseCheckInput>;
    try {
      input = parseCheckInput(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (error) {
      const message = error instanceof CheckInputError ? error.message : 'the body is not JSON';
      answer(res, 400, { error: message });
      return;
    }
    checkUrl({ ...input, timeoutMs: 10_000 }).then(
      (outcome) => answer(res, 200, { ...outcome.report, framework: input.framework ?? null }),
      (error: unknown) => {
        if (error instanceof NetworkFailure) {
          answer(res, 200, {
            networkError: `${error.message} (${error.code}). No CORS verdict is possible until the server answers.`,
          });
        } else answer(res, 500, { error: String(error) });
      },
    );
  });
}
