/**
 * Small response and request helpers shared by the route handlers. Written by hand because the
 * example backend deliberately depends on nothing but `ws`.
 */

/** An error a route handler throws to answer with a given status and a JSON `{ error }` body. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {Record<string, string>} [headers]
   */
  constructor(status, message, headers = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} [headers]
 */
export function sendEmpty(res, status, headers = {}) {
  // 204 and 304 must not carry Content-Length: 0 according to RFC 9110 §8.6; the rest need it
  // so a keep-alive client knows the (empty) body is complete.
  const lengthHeader = status === 204 || status === 304 ? {} : { 'content-length': '0' };
  res.writeHead(status, { ...headers, ...lengthHeader });
  res.end();
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the whole request body. Rejects with 413 past 1 MiB so a runaway test cannot exhaust
 * memory, and with the stream's own error when the client aborts mid-upload.
 *
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', function collectChunk(chunk) {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // The rest is still read and discarded rather than the socket destroyed: a client that is
      // still uploading would otherwise see ECONNRESET instead of the 413 explaining why.
      chunks.length = 0;
      reject(
        new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`, {
          connection: 'close',
        }),
      );
    });
    req.on('end', function finishBody() {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * Parses an integer query parameter, answering 400 (not silently clamping) when it is out of range,
 * so a typo in a test URL fails loudly.
 *
 * @param {URLSearchParams} searchParams
 * @param {string} name
 * @param {{ fallback: number, min: number, max: number }} range
 * @returns {number}
 */
export function readIntegerParam(searchParams, name, { fallback, min, max }) {
  const raw = searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HttpError(
      400,
      `query parameter "${name}" must be an integer from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

/**
 * Returns one cookie's value from a Cookie header. Minimal on purpose: the backend only issues
 * `session`, whose values never need quoting or decoding.
 *
 * @param {string | undefined} cookieHeader
 * @param {string} name
 * @returns {string | undefined}
 */
export function readCookie(cookieHeader, name) {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
