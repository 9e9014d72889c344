/**
 * undici's errors under the Node codes node:http reports for the same failure, so the diagnosis (and its
 * `code`, which users search for) reads the same whichever client sent the request.
 */

/** The upstream closed the connection before a complete response ("socket hang up" in Node), and friends. */
const nodeCodeOfUndici: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  UND_ERR_HEADERS_OVERFLOW: 'HPE_HEADER_OVERFLOW',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
};

/**
 * llhttp's reason → its error name. undici 7 loses the parser's error number (its `HTTPParserError` looks the
 * number up in a name → number table, so `code` is undefined) but keeps llhttp's reason text in the message;
 * these are the reasons a misbehaving upstream's response produces.
 */
const parserReasons: ReadonlyArray<readonly [RegExp, string]> = [
  [/chunk size|chunk extension/i, 'HPE_INVALID_CHUNK_SIZE'],
  [/Expected HTTP\//, 'HPE_INVALID_CONSTANT'],
  [/status/i, 'HPE_INVALID_STATUS'],
  [/version|Expected dot/i, 'HPE_INVALID_VERSION'],
  [/Content-Length can't be present|Duplicate Content-Length/i, 'HPE_UNEXPECTED_CONTENT_LENGTH'],
  [/Content-Length/i, 'HPE_INVALID_CONTENT_LENGTH'],
  [/Transfer-Encoding/i, 'HPE_INVALID_TRANSFER_ENCODING'],
  [/header/i, 'HPE_INVALID_HEADER_TOKEN'],
  [/expected CR|Expected CRLF/i, 'HPE_CR_EXPECTED'],
  [/expected LF/i, 'HPE_LF_EXPECTED'],
];

/** The Node code for `code` (undici's or Node's own) of `error`. */
export function nodeCodeOf(error: Error, code: string | undefined): string | undefined {
  if (code !== undefined) return nodeCodeOfUndici[code] ?? code;
  if (error.name !== 'HTTPParserError') return undefined;
  for (const [reason, name] of parserReasons) if (reason.test(error.message)) return name;
  // A reason not listed above: still a parser error, which is what the code says first.
  return 'HPE_UNKNOWN';
}

/**
 * A response head undici's parser refused (llhttp: "Duplicate Content-Length", "Transfer-Encoding can't be
 * present with Content-Length", an invalid field) comes out of undici as a Content-Length mismatch whenever a
 * Content-Length field had been read by then: its error path compares the body's length first and loses the
 * parser's reason. Such a mismatch before any head reached the handler is this error instead, so the browser is
 * not told the backend cut the connection. In llhttp's words and code, as `http.request` reported such a head.
 */
export class RefusedResponseHeadError extends Error {
  override readonly name = 'HTTPParserError';
  readonly code = 'HPE_UNEXPECTED_CONTENT_LENGTH';
  constructor() {
    super(
      'Response does not match the HTTP/1.1 protocol (its header block has a Content-Length the parser refused: two Content-Length fields, Content-Length beside Transfer-Encoding, or an invalid field after it)',
    );
  }
}

/** undici's error for a response whose body length differs from its Content-Length (or a head it refused). */
export function isLengthMismatch(error: Error): boolean {
  return (error as { code?: string }).code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH';
}
