import type { FixPolicy, FrameworkName, ServerPolicy } from './fix-policy.js';
import { renderFrameworkSnippet } from './framework-snippets.js';
import { mergePolicy } from './merge-policy.js';
import {
  analyzeRequestHeaders,
  isSafelistedMethod,
  normalizeMethod,
  withDefaultAccept,
} from './request-rules.js';
import type { CorsErrorName, CorsRequest, CorsVerdict } from './types.js';

export interface CorsFix {
  /** Headers the preflight (OPTIONS) response needs, with a 2xx status; undefined when no preflight happens. */
  readonly preflightHeaders?: Readonly<Record<string, string>>;
  /** Headers every actual response needs, error responses and redirects included. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** What to change, one line per problem found. */
  readonly advice: readonly string[];
  readonly policy: FixPolicy;
  /**
   * What the fix adds to the server's policy and what it keeps, e.g. "Adds PATCH to the methods the server
   * already allows (GET, POST, PUT) (read from the preflight response)."; absent when nothing was known.
   */
  readonly policyChange?: string;
  /** Backend code for the framework asked for. */
  readonly snippet?: { readonly framework: FrameworkName; readonly code: string };
}

/** One sentence of advice per error kind (cors-spec.md §6). */
const adviceFor: Partial<Record<CorsErrorName, string>> = {
  MissingAllowOriginHeader:
    'Send Access-Control-Allow-Origin on every response, including errors (4xx/5xx) and redirects.',
  MultipleAllowOriginValues:
    'Send exactly one Access-Control-Allow-Origin: two layers (app and proxy/CDN) both adding it is the usual cause.',
  InvalidAllowOriginValue:
    'Send the exact serialized origin (scheme://host[:port], no path) in Access-Control-Allow-Origin.',
  AllowOriginMismatch:
    'Send the exact origin, byte for byte (no trailing slash, no default port, lower case), and Vary: Origin when it is reflected from an allowlist.',
  WildcardOriginNotAllowed:
    "With credentials, '*' is never accepted: reflect the allowlisted origin and send Access-Control-Allow-Credentials: true.",
  InvalidAllowCredentials: "Send Access-Control-Allow-Credentials: true (the literal, lower-case 'true').",
  PreflightInvalidStatus:
    'Answer OPTIONS with 204 before authentication middleware runs: preflights never carry cookies or Authorization.',
  PreflightDisallowedRedirect:
    'Preflights cannot follow redirects: call the final URL directly (trailing slash, http→https and login redirects are the usual causes).',
  InvalidAllowMethodsPreflightResponse:
    'Access-Control-Allow-Methods must be a comma-separated list of method names.',
  InvalidAllowHeadersPreflightResponse:
    'Access-Control-Allow-Headers must be a comma-separated list of header names.',
  MethodDisallowedByPreflightResponse:
    'List the method exactly as the page sends it in Access-Control-Allow-Methods (matching is case-sensitive: PATCH does not allow patch).',
  HeaderDisallowedByPreflightResponse: 'List every custom request header in Access-Control-Allow-Headers.',
  RedirectContainsCredentials: 'Redirect to a URL without user:password@.',
};

function unprefixed(corsError: CorsErrorName): CorsErrorName {
  return (
    corsError.startsWith('Preflight') &&
    !['PreflightInvalidStatus', 'PreflightDisallowedRedirect'].includes(corsError)
      ? corsError.slice('Preflight'.length)
      : corsError
  ) as CorsErrorName;
}

/**
 * The headers that make this request pass: the page origin echoed (never `*` when credentials are used, and
 * with `Vary: Origin` because it is reflected), the exact method and header names, and a framework snippet.
 * With `server` (what the server already allows, from its responses or a declared allowlist) the policy is
 * that plus what the request needs, so the fix never takes away what worked before.
 */
export function computeFix(
  pageOrigin: string,
  request: CorsRequest,
  verdict: CorsVerdict,
  framework?: FrameworkName,
  server?: ServerPolicy,
): CorsFix {
  const method = normalizeMethod(request.method);
  const { unsafeNames } = analyzeRequestHeaders(withDefaultAccept(request.headers));
  const { policy, change } = mergePolicy(
    {
      origin: verdict.finalRequestOrigin === 'null' ? 'null' : pageOrigin,
      credentials: request.credentials === 'include',
      methods: isSafelistedMethod(method) ? [] : [method],
      allowedHeaders: [...unsafeNames].sort(),
      preflight: verdict.preflight,
    },
    server,
  );
  const anyOrigin = policy.origins[0] === '*';
  const originHeaders: Record<string, string> = {
    // One header names one origin: this request's, echoed when the policy allows several.
    'Access-Control-Allow-Origin': anyOrigin
      ? '*'
      : verdict.finalRequestOrigin === 'null'
        ? 'null'
        : pageOrigin,
    ...(policy.credentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    ...(policy.exposedHeaders.length > 0
      ? { 'Access-Control-Expose-Headers': policy.exposedHeaders.join(', ') }
      : {}),
    ...(anyOrigin ? {} : { Vary: 'Origin' }),
  };
  const { Vary: vary, 'Access-Control-Expose-Headers': _exposed, ...originOnly } = originHeaders;
  // With credentials a kept "any header" is answered by echoing the request's headers: name them.
  const allowHeaders =
    policy.allowedHeaders.includes('*') && policy.credentials
      ? [...new Set([...policy.allowedHeaders.filter((name) => name !== '*'), ...unsafeNames])]
      : policy.allowedHeaders;
  const preflightHeaders = verdict.preflight
    ? {
        ...originOnly,
        ...(policy.methods.length > 0 ? { 'Access-Control-Allow-Methods': policy.methods.join(', ') } : {}),
        ...(allowHeaders.length > 0 ? { 'Access-Control-Allow-Headers': allowHeaders.join(', ') } : {}),
        ...(vary ? { Vary: vary } : {}),
      }
    : undefined;
  const advice = [
    ...new Set(verdict.problems.map((problem) => adviceFor[unprefixed(problem.corsError)]).filter(Boolean)),
  ] as string[];
  if (verdict.finalRequestOrigin === 'null') {
    advice.push(
      'A cross-origin redirect turned the Origin into "null": call the final URL directly rather than allowing the origin "null" (any sandboxed page can send it).',
    );
  }
  return {
    ...(preflightHeaders ? { preflightHeaders } : {}),
    responseHeaders: originHeaders,
    advice,
    policy,
    ...(change ? { policyChange: change } : {}),
    ...(framework ? { snippet: { framework, code: renderFrameworkSnippet(framework, policy) } } : {}),
  };
}
