import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveCheck } from '../../src/index.js';

// The live check must put Chromium's bytes on the wire (issue 10, item 2): `fetch(url, { method: 'patch' })`
// sends `patch`, and a Node backend answers it with a bare 400 the browser reports as a CORS error. Node's
// http.request would have sent `PATCH`, which the same backend serves, and the check said ALLOWED. The expected
// heads are the ones measured from Chromium 156 (test/unit/wire-format.test.ts), minus the headers the checker
// leaves out (User-Agent, client hints, Sec-Fetch-Site/-Dest, Referer, Accept-Encoding, Accept-Language).
const pageOrigin = 'http://localhost:5173';
const servers: net.Server[] = [];

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const server of servers) {
    if (server instanceof http.Server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A socket server that logs each request head byte for byte and answers with `answer(head)`. */
async function startRawServer(answer: (head: string) => string): Promise<{ host: string; heads: string[] }> {
  const heads: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n\r\n'); end !== -1; end = buffer.indexOf('\r\n\r\n')) {
        const head = buffer.slice(0, end + 4);
        buffer = buffer.slice(end + 4);
        heads.push(head);
        socket.write(answer(head), 'latin1');
      }
    });
    socket.on('error', () => undefined);
  });
  return { host: await listen(server), heads };
}

const allowAll = (head: string) => {
  const method = /^Access-Control-Request-Method: (.*)\r$/m.exec(head)?.[1];
  return [
    head.startsWith('OPTIONS ') ? 'HTTP/1.1 204 No Content' : 'HTTP/1.1 200 OK',
    `Access-Control-Allow-Origin: ${pageOrigin}`,
    ...(method ? [`Access-Control-Allow-Methods: ${method}`, 'Access-Control-Allow-Headers: *'] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
};

describe('the live check sends what Chromium sends', () => {
  let raw: { host: string; heads: string[] };
  beforeAll(async () => {
    raw = await startRawServer(allowAll);
  });

  it('fetch patch: the method and names as written, values trimmed, repeats joined, control bytes kept', async () => {
    const before = raw.heads.length;
    const { verdict } = await liveCheck({
      pageOrigin,
      request: {
        url: `http://${raw.host}/fetch?x=1`,
        method: 'patch',
        headers: [
          ['X-Api-Key', '  k-1 \t'],
          ['X-Trace', 'a\x01b'],
          ['x-api-key', 'k-2'],
        ],
        credentials: 'same-origin',
        initiator: 'fetch',
      },
      sendActual: true,
    });
    expect(verdict.allowed).toBe(true);
    expect(raw.heads.slice(before)).toEqual([
      `OPTIONS /fetch?x=1 HTTP/1.1\r\nHost: ${raw.host}\r\nConnection: keep-alive\r\nAccept: */*\r\n` +
        `Access-Control-Request-Method: patch\r\nAccess-Control-Request-Headers: x-api-key,x-trace\r\n` +
        `Origin: ${pageOrigin}\r\nSec-Fetch-Mode: cors\r\n\r\n`,
      `patch /fetch?x=1 HTTP/1.1\r\nHost: ${raw.host}\r\nConnection: keep-alive\r\n` +
        `X-Api-Key: k-1, k-2\r\nX-Trace: a\x01b\r\nAccept: */*\r\nOrigin: ${pageOrigin}\r\n\r\n`,
    ]);
  });

  it('XHR pUt: normalised to PUT with Content-Length: 0, the page’s Accept kept', async () => {
    const before = raw.heads.length;
    await liveCheck({
      pageOrigin,
      request: {
        url: `http://${raw.host}/xhr`,
        method: 'pUt',
        headers: [
          ['X-Api-Key', 'k'],
          ['accept', 'application/json'],
        ],
        credentials: 'same-origin',
        initiator: 'xhr',
      },
      sendActual: true,
    });
    expect(raw.heads.slice(before)[1]).toBe(
      `PUT /xhr HTTP/1.1\r\nHost: ${raw.host}\r\nConnection: keep-alive\r\nContent-Length: 0\r\n` +
        `X-Api-Key: k\r\naccept: application/json\r\nOrigin: ${pageOrigin}\r\n\r\n`,
    );
  });

  it('reads a response head as Chromium does: LF line ends and a folded header line are fine', async () => {
    const lenient = await startRawServer(
      () => `HTTP/1.1 200\nAccess-Control-Allow-Origin:\n ${pageOrigin}\nContent-Length: 0\n\n`,
    );
    const { verdict } = await liveCheck({
      pageOrigin,
      request: {
        url: `http://${lenient.host}/`,
        method: 'GET',
        headers: [],
        credentials: 'omit',
        initiator: 'fetch',
      },
    });
    expect(verdict.allowed).toBe(true);
  });
});

describe('against a strict Node backend, as in the browser', () => {
  let base: string;
  beforeAll(async () => {
    // An API that allows PATCH from the page, written as most are: node:http, default (strict) parser.
    const server = http.createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', pageOrigin);
      res.setHeader('Access-Control-Allow-Methods', req.headers['access-control-request-method'] ?? 'GET');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200).end();
    });
    base = `http://${await listen(server)}`;
  });

  const check = (method: string, headers: [string, string][] = []) =>
    liveCheck({
      pageOrigin,
      request: { url: `${base}/orders/1`, method, headers, credentials: 'same-origin', initiator: 'fetch' },
      sendActual: true,
    }).then(({ verdict }) => verdict);

  it('patch passes its preflight, then gets Node’s bare 400: blocked, as Chromium reports it', async () => {
    const verdict = await check('patch');
    expect(verdict.allowed).toBe(false);
    expect(verdict.corsError).toBe('MissingAllowOriginHeader');
    expect(verdict.message).toBe(
      `Access to fetch at '${base}/orders/1' from origin '${pageOrigin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });

  it('PATCH, and delete (which Fetch upper-cases), are served', async () => {
    expect((await check('PATCH')).allowed).toBe(true);
    expect((await check('delete')).allowed).toBe(true);
  });

  it('a header value with a control byte reaches the backend, which refuses it (Node’s client would throw)', async () => {
    const verdict = await check('GET', [['X-Trace', 'a\x7fb']]);
    expect(verdict.corsError).toBe('MissingAllowOriginHeader');
  });
});
