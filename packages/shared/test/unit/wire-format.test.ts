import { describe, expect, it } from 'vitest';
import {
  formatConnectHead,
  formatRequestHead,
  isInformational,
  parseResponseHead,
  proxyAuthorizationFor,
} from '../../src/outbound/wire-format.js';

// What Chromium 156 puts on the wire, measured with a raw socket server logging the bytes of fetch() and XHR
// requests from a page on http://localhost:P1 to http://127.0.0.1:P2 (headers Chromium adds for itself —
// User-Agent, sec-ch-ua*, Sec-Fetch-Site/-Dest, Referer, Accept-Encoding, Accept-Language — left out):
//
//   fetch(u, { method: 'patch' })   OPTIONS … ACRM: patch        then  patch /p HTTP/1.1
//   fetch(u, { method: 'Patch' })   ACRM: Patch                  then  Patch /p HTTP/1.1
//   fetch(u, { method: 'm-search' }) ACRM: m-search              then  m-search /p HTTP/1.1
//   'delete' / 'pUt' / 'post' / 'get' / 'head' / 'options'  →  DELETE / PUT / POST / GET / HEAD / OPTIONS
//   every request: "Host: 127.0.0.1:P2" then "Connection: keep-alive" first
//   PUT and POST without a body: "Content-Length: 0" third; PATCH, patch, DELETE, custom methods: none
//   header names as the page wrote them in a plain object or array (X-Api-Key), lower-cased from a Headers object
//   (x-api-key: they come from its iteration), XHR's as written; a repeat keeps the first spelling
//   values stripped of leading/trailing spaces and tabs ("  v \t" → "v"), inner whitespace kept ("a \t b"),
//   repeats joined with ", " and the result trimmed ("a", " b " → "a, b"; "1", "" → "1,"), an empty value sent
//   as "x-empty: "
//   control bytes other than CR/LF/NUL sent raw ("a\x01b", "a\x7fb": Node's http.request refuses both), latin1
//   bytes raw ("caf\xe9")
//   Accept: */* added after the page's headers unless the page set Accept (then the page's value, its case)
//   fetch metadata: the preflight always has Sec-Fetch-Mode: cors; the actual request has Sec-Fetch-Site/-Mode/
//   -Dest only to a potentially trustworthy URL (none to http://api.test mapped to 127.0.0.1), and
//   Sec-Fetch-Storage-Access: none when credentials are included
//   through --proxy-server: "patch http://127.0.0.1:P2/p HTTP/1.1", Host, "Proxy-Connection: keep-alive";
//   https: "CONNECT host:443 HTTP/1.1", "Host: host:443", "Proxy-Connection: keep-alive"
// And a strict Node backend (node:http, no insecureHTTPParser) answers "HTTP/1.1 400 Bad Request" with only
// "Connection: close" to patch, Patch, m-search, an unknown upper-case method (FOO; PURGE and QUERY are known), and
// a header value with \x01 or DEL; it accepts latin1 bytes, empty values and inner tabs.

const head = (buffer: Buffer) => buffer.toString('latin1');

describe('formatRequestHead', () => {
  it('keeps the method and header bytes exactly, Host and Connection first', () => {
    const url = new URL('http://127.0.0.1:8002/api/orders?id=1#frag');
    expect(
      head(
        formatRequestHead({
          method: 'patch',
          url,
          headers: [
            ['x-ctl', 'a\x01b'],
            ['x-latin', 'caf\xe9'],
            ['x-empty', ''],
            ['Accept', '*/*'],
          ],
        }),
      ),
    ).toBe(
      'patch /api/orders?id=1 HTTP/1.1\r\nHost: 127.0.0.1:8002\r\nConnection: keep-alive\r\n' +
        'x-ctl: a\x01b\r\nx-latin: caf\xe9\r\nx-empty: \r\nAccept: */*\r\n\r\n',
    );
  });

  it('adds Content-Length: 0 for exactly POST and PUT, as Chromium does for a request without a body', () => {
    const url = new URL('https://api.example.com/');
    const lines = (method: string) => head(formatRequestHead({ method, url, headers: [] })).split('\r\n');
    expect(lines('PUT').slice(0, 4)).toEqual([
      'PUT / HTTP/1.1',
      'Host: api.example.com',
      'Connection: keep-alive',
      'Content-Length: 0',
    ]);
    expect(lines('POST')).toContain('Content-Length: 0');
    for (const method of ['PATCH', 'patch', 'DELETE', 'FOO', 'GET', 'OPTIONS'])
      expect(lines(method).some((line) => line.startsWith('Content-Length'))).toBe(false);
  });

  it('writes IPv6 hosts in brackets and leaves default ports out', () => {
    expect(
      head(formatRequestHead({ method: 'GET', url: new URL('http://[::1]:3000/x'), headers: [] })),
    ).toContain('Host: [::1]:3000\r\n');
    expect(
      head(formatRequestHead({ method: 'GET', url: new URL('https://a.test:443/'), headers: [] })),
    ).toContain('Host: a.test\r\n');
  });

  it('sends the absolute URL and Proxy-Connection to an HTTP proxy, credentials in Proxy-Authorization only', () => {
    const url = new URL('http://user:pw@127.0.0.1:8002/p?q=1#f');
    const proxyAuthorization = proxyAuthorizationFor(new URL('http://me:s%40cret@proxy.test:3128'));
    expect(proxyAuthorization).toBe(`Basic ${Buffer.from('me:s@cret').toString('base64')}`);
    expect(head(formatRequestHead({ method: 'patch', url, headers: [] }, { proxyAuthorization }))).toBe(
      `patch http://127.0.0.1:8002/p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:8002\r\nProxy-Connection: keep-alive\r\n` +
        `Proxy-Authorization: ${proxyAuthorization}\r\n\r\n`,
    );
    expect(head(formatConnectHead(new URL('https://api.example.com/x')))).toBe(
      'CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\nProxy-Connection: keep-alive\r\n\r\n',
    );
  });

  it('refuses what no browser can send: a line break or NUL in a value, a non-byte character, a bad token', () => {
    const url = new URL('http://127.0.0.1/');
    expect(() => formatRequestHead({ method: 'GET', url, headers: [['X', 'a\r\nEvil: 1']] })).toThrow(
      TypeError,
    );
    expect(() => formatRequestHead({ method: 'GET', url, headers: [['X', 'a\0']] })).toThrow(TypeError);
    expect(() => formatRequestHead({ method: 'GET', url, headers: [['X', '€']] })).toThrow(TypeError);
    expect(() => formatRequestHead({ method: 'GET', url, headers: [['X Y', '1']] })).toThrow(TypeError);
    expect(() => formatRequestHead({ method: 'GET /x', url, headers: [] })).toThrow(TypeError);
  });
});

describe('parseResponseHead (Chromium leniency, not Node strictness)', () => {
  const parse = (text: string, ended = false) => parseResponseHead(Buffer.from(text, 'latin1'), ended);

  it('keeps every header line in order, duplicates included, values trimmed', () => {
    const text =
      'HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin:  a \r\nVary: Origin\r\naccess-control-allow-origin: b\r\n\r\nbody';
    const result = parse(text);
    expect(result).toEqual({
      kind: 'head',
      response: {
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', 'a'],
          ['Vary', 'Origin'],
          ['access-control-allow-origin', 'b'],
        ],
      },
      length: text.indexOf('body'),
    });
  });

  it('accepts LF line ends, obs-fold, a missing reason; skips lines without a colon or a valid name', () => {
    const result = parse('HTTP/1.1 200\nX-Long: a\n  b\nnot a header\nBad Name: x\nAllow : GET\n\n');
    expect(result.kind === 'head' && result.response).toEqual({
      status: 200,
      headers: [
        ['X-Long', 'a b'],
        ['Allow', 'GET'],
      ],
    });
  });

  it('waits for the end of the head, and takes what there is once the connection has closed', () => {
    expect(parse('HTTP/1.1 200 OK\r\nX-A: 1\r\n')).toEqual({ kind: 'incomplete' });
    const ended = parse('HTTP/1.1 200 OK\r\nX-A: 1\r\n', true);
    expect(ended.kind === 'head' && ended.response.headers).toEqual([['X-A', '1']]);
    expect(parse('', true)).toMatchObject({ kind: 'invalid', code: 'ERR_EMPTY_RESPONSE' });
    expect(parse('SSH-2.0-OpenSSH\r\n\r\n')).toMatchObject({
      kind: 'invalid',
      code: 'ERR_INVALID_HTTP_RESPONSE',
    });
  });

  it('treats 1xx except 101 as informational', () => {
    expect([100, 103, 101, 200].map(isInformational)).toEqual([true, true, false, false]);
    const text = 'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n';
    const result = parse(text);
    expect(result.kind === 'head' && [result.response.status, result.length]).toEqual([
      103,
      text.lastIndexOf('HTTP/1.1'),
    ]);
  });
});
