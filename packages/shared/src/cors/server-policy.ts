import type { ServerPolicy } from './fix-policy.js';
import { combinedValue, isToken, splitList } from './header-lines.js';
import { serializeOrigin } from './origin.js';
import { isRedirect } from './preflight-rules.js';
import type { CorsHop, ObservedResponse } from './types.js';

/** One Access-Control-Allow-Origin value the fix can keep: `*` or an exact origin (never `null`). */
function keptOrigin(response: ObservedResponse | undefined): string | undefined {
  const value = response && combinedValue(response.headers, 'access-control-allow-origin');
  if (value === undefined || value === 'null') return undefined;
  if (value === '*') return value;
  try {
    // A list, a path or a typo is not an origin the server allows; Chromium rejects it too.
    return serializeOrigin(value) === value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A comma-separated list of tokens, or undefined when absent or unparseable (Chromium ignores it then). */
function tokenList(response: ObservedResponse | undefined, name: string): string[] | undefined {
  const value = response && combinedValue(response.headers, name);
  const items = value === undefined ? [] : splitList(value);
  return items.length > 0 && items.every(isToken) ? items : undefined;
}

/**
 * What the server already allows, as the last URL it answered at shows: the preflight response's
 * Access-Control-Allow-Origin / -Methods / -Headers / -Credentials, and the actual response's
 * Allow-Origin / -Credentials / -Expose-Headers. Undefined when neither carried a CORS header: then nothing
 * is known, and the fix names only what the request needs.
 *
 * One answer shows one origin: a server that echoes the page's origin from a longer allowlist shows only that
 * one, so the fix keeps what it saw and no more.
 */
export function readServerPolicy(hops: readonly CorsHop[]): ServerPolicy | undefined {
  const hop = [...hops].reverse().find((candidate) => candidate.preflight || candidate.response);
  if (!hop) return undefined;
  // A redirected preflight's headers are never read by Chromium, so they say nothing about the policy.
  const preflight = hop.preflight && !isRedirect(hop.preflight) ? hop.preflight : undefined;
  const { response } = hop;
  const origins = [...new Set([keptOrigin(preflight), keptOrigin(response)])].filter(
    (origin): origin is string => origin !== undefined,
  );
  const methods = tokenList(preflight, 'access-control-allow-methods');
  const allowedHeaders = tokenList(preflight, 'access-control-allow-headers')?.map((name) =>
    name.toLowerCase(),
  );
  const exposedHeaders = tokenList(response, 'access-control-expose-headers');
  const credentials = [preflight, response].some(
    (answer) => answer && combinedValue(answer.headers, 'access-control-allow-credentials') === 'true',
  );
  const fromPreflight =
    preflight !== undefined &&
    (keptOrigin(preflight) !== undefined ||
      methods !== undefined ||
      allowedHeaders !== undefined ||
      combinedValue(preflight.headers, 'access-control-allow-credentials') === 'true');
  const fromResponse =
    response !== undefined &&
    (keptOrigin(response) !== undefined ||
      exposedHeaders !== undefined ||
      combinedValue(response.headers, 'access-control-allow-credentials') === 'true');
  if (!fromPreflight && !fromResponse) return undefined;
  return {
    source: fromPreflight
      ? fromResponse
        ? 'the preflight and actual responses'
        : 'the preflight response'
      : 'the response',
    ...(origins.length > 0 ? { origins, originsSeen: true } : {}),
    ...(methods ? { methods } : {}),
    ...(allowedHeaders ? { allowedHeaders } : {}),
    ...(exposedHeaders ? { exposedHeaders } : {}),
    ...(credentials ? { credentials } : {}),
  };
}
