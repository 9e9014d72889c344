import type { CorsErrorName, Initiator } from './types.js';

/**
 * Chromium 156's console texts, verbatim (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc,
 * checked against the browser by the conformance suite). `{h}` is the failed parameter.
 */
const reasons: Record<string, string> = {
  WildcardOriginNotAllowed:
    "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  MissingAllowOriginHeader: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  MultipleAllowOriginValues:
    "The 'Access-Control-Allow-Origin' header contains multiple values '{h}', but only one is allowed.",
  InvalidAllowOriginValue: "The 'Access-Control-Allow-Origin' header contains the invalid value '{h}'.",
  AllowOriginMismatch:
    "The 'Access-Control-Allow-Origin' header has a value '{h}' that is not equal to the supplied origin.",
  InvalidAllowCredentials:
    "The value of the 'Access-Control-Allow-Credentials' header in the response is '{h}' which must be 'true' when the request's credentials mode is 'include'.",
  PreflightInvalidStatus: 'It does not have HTTP ok status.',
  PreflightDisallowedRedirect: 'Redirect is not allowed for a preflight request.',
  InvalidAllowMethodsPreflightResponse:
    'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
  InvalidAllowHeadersPreflightResponse:
    'Cannot parse Access-Control-Allow-Headers response header field in preflight response.',
  MethodDisallowedByPreflightResponse:
    'Method {h} is not allowed by Access-Control-Allow-Methods in preflight response.',
  HeaderDisallowedByPreflightResponse:
    'Request header field {h} is not allowed by Access-Control-Allow-Headers in preflight response.',
  RedirectContainsCredentials:
    "Redirect location '{h}' contains a username and password, which is disallowed for cross-origin requests.",
};

const preflightPrefix = "Response to preflight request doesn't pass access control check: ";

/** Appended for fetch() on the origin-value errors (Chromium 156 wording; older builds also suggested no-cors). */
const fetchSuffix = ' Have the server send the header with a valid value.';
const fetchSuffixed = new Set([
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
]);

/** Appended for XMLHttpRequest on the credential errors. */
const xhrSuffix =
  ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';
const xhrSuffixed = new Set(['WildcardOriginNotAllowed', 'InvalidAllowCredentials']);

/** The unprefixed row of the message table a `Preflight…` error shares with its response twin. */
function baseName(corsError: CorsErrorName): { base: string; preflight: boolean } {
  const prefixedTwins = [
    'PreflightWildcardOriginNotAllowed',
    'PreflightMissingAllowOriginHeader',
    'PreflightMultipleAllowOriginValues',
    'PreflightInvalidAllowOriginValue',
    'PreflightAllowOriginMismatch',
    'PreflightInvalidAllowCredentials',
  ];
  if (prefixedTwins.includes(corsError))
    return { base: corsError.slice('Preflight'.length), preflight: true };
  return {
    base: corsError,
    preflight: corsError === 'PreflightInvalidStatus' || corsError === 'PreflightDisallowedRedirect',
  };
}

export interface MessageInput {
  readonly corsError: CorsErrorName;
  readonly failedParameter: string;
  readonly initiator: Initiator;
  /** The URL being fetched when it failed. */
  readonly url: string;
  /** The first URL, when a redirect was followed before the failure. */
  readonly redirectedFrom?: string;
  /** The page's origin (also after a taint: Chromium prints the document origin, not "null"). */
  readonly pageOrigin: string;
}

/** The exact console line, e.g. `Access to fetch at '…' from origin '…' has been blocked by CORS policy: …`. */
export function formatCorsMessage(input: MessageInput): string {
  const { base, preflight } = baseName(input.corsError);
  const template = reasons[base];
  if (template === undefined) throw new Error(`no message template for ${input.corsError}`);
  let reason = template.replace('{h}', input.failedParameter);
  if (input.initiator === 'fetch' && fetchSuffixed.has(base)) reason += fetchSuffix;
  if (input.initiator === 'xhr' && xhrSuffixed.has(base)) reason += xhrSuffix;
  const kind = input.initiator === 'fetch' ? 'fetch' : 'XMLHttpRequest';
  const redirected = input.redirectedFrom ? ` (redirected from '${canonicalUrl(input.redirectedFrom)}')` : '';
  return (
    `Access to ${kind} at '${canonicalUrl(input.url)}'${redirected} from origin '${input.pageOrigin}' ` +
    `has been blocked by CORS policy: ${preflight ? preflightPrefix : ''}${reason}`
  );
}

/** Chromium prints URLs canonicalised: lower-case scheme and host, default port dropped, "/" for a bare host. */
export function canonicalUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}
