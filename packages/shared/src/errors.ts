/**
 * Stable error codes. Tools and tests match on `code`, never on message text.
 * - `CONFIG_INVALID`: an option has a wrong value or type.
 * - `CONFIG_UNKNOWN_OPTION`: an option name we do not know (usually a typo).
 */
export type CorsDevProxyErrorCode = 'CONFIG_INVALID' | 'CONFIG_UNKNOWN_OPTION';

/** The one error class of cors-dev-proxy: the message says what failed and how to fix it. */
export class CorsDevProxyError extends Error {
  override readonly name = 'CorsDevProxyError';
  readonly code: CorsDevProxyErrorCode;

  constructor(code: CorsDevProxyErrorCode, message: string) {
    super(`[cors-dev-proxy] ${message}`);
    this.code = code;
  }
}
