import { combinedValue } from './header-lines.js';
import type { CorsErrorName, HeaderLine } from './types.js';

export interface AccessFailure {
  /** The unprefixed error name; the preflight stage prefixes it (`Preflight…`). */
  readonly corsError: Extract<
    CorsErrorName,
    | 'WildcardOriginNotAllowed'
    | 'MissingAllowOriginHeader'
    | 'MultipleAllowOriginValues'
    | 'InvalidAllowOriginValue'
    | 'AllowOriginMismatch'
    | 'InvalidAllowCredentials'
  >;
  readonly failedParameter: string;
}

function isValidUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The CORS check of one response (preflight, redirect or final), as Chromium's `CheckAccess` classifies it
 * (services/network/public/cpp/cors/cors.cc). The status code plays no part. Returns undefined on success.
 *
 * @param requestOrigin the serialized origin the request carried: the page origin, or "null" once tainted.
 */
export function checkAccess(
  headers: readonly HeaderLine[],
  requestOrigin: string,
  includeCredentials: boolean,
): AccessFailure | undefined {
  const allowOrigin = combinedValue(headers, 'access-control-allow-origin');
  if (allowOrigin === '*') {
    // With credentials, "*" fails whatever Access-Control-Allow-Credentials says.
    return includeCredentials ? { corsError: 'WildcardOriginNotAllowed', failedParameter: '' } : undefined;
  }
  if (allowOrigin === undefined) return { corsError: 'MissingAllowOriginHeader', failedParameter: '' };
  if (allowOrigin !== requestOrigin) {
    if (allowOrigin.includes(' ') || allowOrigin.includes(',')) {
      return { corsError: 'MultipleAllowOriginValues', failedParameter: allowOrigin };
    }
    if (allowOrigin === 'null') return { corsError: 'AllowOriginMismatch', failedParameter: allowOrigin };
    if (!isValidUrl(allowOrigin))
      return { corsError: 'InvalidAllowOriginValue', failedParameter: allowOrigin };
    return { corsError: 'AllowOriginMismatch', failedParameter: allowOrigin };
  }
  if (includeCredentials) {
    const allowCredentials = combinedValue(headers, 'access-control-allow-credentials');
    if (allowCredentials !== 'true')
      return { corsError: 'InvalidAllowCredentials', failedParameter: allowCredentials ?? '' };
  }
  return undefined;
}
