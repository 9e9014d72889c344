import { describe, expect, it } from 'vitest';
import { groupHarRequests, HarFormatError, parseHar, productionUrl } from '../../src/audit/har.js';

type Header = { name: string; value: string };

/** One HAR entry as Chrome writes it (fields we do not read left out). */
function entry(
  method: string,
  url: string,
  headers: Header[] = [],
  extra: { resourceType?: string; cookies?: Header[]; mimeType?: string } = {},
) {
  return {
    ...(extra.resourceType ? { _resourceType: extra.resourceType } : {}),
    request: { method, url, httpVersion: 'HTTP/1.1', headers, cookies: extra.cookies ?? [], queryString: [] },
    response: {
      status: 200,
      headers: [],
      content: { size: 0, mimeType: extra.mimeType ?? 'application/json' },
    },
  };
}

const har = (...entries: unknown[]) => JSON.stringify({ log: { version: '1.2', entries } });
const json: Header = { name: 'Content-Type', value: 'application/json' };

describe('parseHar', () => {
  it('keeps Chrome’s fetch and xhr entries and drops documents, scripts, styles, images, fonts and preflights', () => {
    const { requests, ignored } = parseHar(
      har(
        entry('GET', 'http://localhost:5173/', [], { resourceType: 'document', mimeType: 'text/html' }),
        entry('GET', 'http://localhost:5173/src/main.ts', [], { resourceType: 'script' }),
        entry('GET', 'http://localhost:5173/style.css', [], { resourceType: 'stylesheet' }),
        entry('GET', 'http://localhost:5173/logo.png', [], { resourceType: 'image' }),
        entry('GET', 'http://localhost:5173/inter.woff2', [], { resourceType: 'font' }),
        entry('OPTIONS', 'http://localhost:5173/api/orders/1', [], { resourceType: 'preflight' }),
        entry('GET', 'http://localhost:5173/api/orders/1', [], { resourceType: 'fetch' }),
        entry('PUT', 'http://localhost:5173/api/orders/1', [json], { resourceType: 'xhr' }),
      ),
      'app.har',
    );
    expect(requests.map(({ method, url, resourceType }) => [method, url, resourceType])).toEqual([
      ['GET', 'http://localhost:5173/api/orders/1', 'fetch'],
      ['PUT', 'http://localhost:5173/api/orders/1', 'xhr'],
    ]);
    expect(ignored).toBe(6);
  });

  it('uses Sec-Fetch-Dest when there is no _resourceType (Firefox, Safari)', () => {
    const dest = (value: string): Header => ({ name: 'Sec-Fetch-Dest', value });
    const { requests } = parseHar(
      har(
        entry('GET', 'https://app.test/', [dest('document')]),
        entry('GET', 'https://app.test/main.js', [dest('script')]),
        entry('GET', 'https://app.test/api/me', [dest('empty')]),
        // A preflight Firefox recorded as a request of its own.
        entry('OPTIONS', 'https://app.test/api/me', [
          dest('empty'),
          { name: 'Access-Control-Request-Method', value: 'PUT' },
        ]),
      ),
      'firefox.har',
    );
    expect(requests.map(({ url }) => url)).toEqual(['https://app.test/api/me']);
  });

  it('falls back to Accept, the path’s extension and the response type without Sec-Fetch-*', () => {
    const accept = (value: string): Header => ({ name: 'Accept', value });
    const { requests } = parseHar(
      har(
        entry('GET', 'http://192.168.1.5:8080/', [accept('text/html,application/xhtml+xml')], {
          mimeType: 'text/html',
        }),
        entry('GET', 'http://192.168.1.5:8080/app.css', [accept('text/css,*/*;q=0.1')]),
        entry('GET', 'http://192.168.1.5:8080/logo', [accept('image/avif,image/webp,*/*')]),
        entry('GET', 'http://192.168.1.5:8080/assets/index-3f2a.js', [accept('*/*')]),
        entry('GET', 'http://192.168.1.5:8080/bundle', [accept('*/*')], { mimeType: 'text/javascript' }),
        entry('GET', 'http://192.168.1.5:8080/api/orders', [accept('application/json')]),
        entry('POST', 'http://192.168.1.5:8080/api/orders', [accept('*/*'), json]),
        entry('GET', 'data:image/png;base64,AAAA', [], { resourceType: 'fetch' }),
      ),
      'old-safari.har',
    );
    expect(requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET http://192.168.1.5:8080/api/orders',
      'POST http://192.168.1.5:8080/api/orders',
    ]);
  });

  it('lower-cases header names, joins duplicates and takes cookies from request.cookies', () => {
    const [request] = parseHar(
      har(
        entry(
          'GET',
          'http://localhost:5173/api/me',
          [
            { name: 'X-Trace', value: 'a' },
            { name: 'x-trace', value: 'b' },
          ],
          { resourceType: 'fetch', cookies: [{ name: 'sid', value: '1' }] },
        ),
      ),
      'a.har',
    ).requests;
    expect(request?.headers).toEqual({ 'x-trace': 'a, b', cookie: 'sid=1' });
  });

  it('accepts a byte-order mark', () => {
    expect(parseHar(`\uFEFF${har()}`, 'bom.har').requests).toEqual([]);
  });

  describe('errors name the file and say how to export a HAR', () => {
    const failure = (text: string) => {
      try {
        parseHar(text, 'exports/orders.har');
      } catch (error) {
        expect(error).toBeInstanceOf(HarFormatError);
        return error as HarFormatError;
      }
      throw new Error('parseHar accepted it');
    };

    it('not JSON', () => {
      const error = failure('<html>not a har</html>');
      expect(error.code).toBe('HAR_NOT_JSON');
      expect(error.message).toMatch(/^"exports\/orders\.har" is not JSON \(.+\), so not a HAR file\./);
      expect(error.message).toContain('DevTools › Network › Save all as HAR');
    });

    it('no log.entries', () => {
      for (const text of ['{}', '[]', '{"log":{}}', '{"log":{"entries":{}}}', 'null']) {
        const error = failure(text);
        expect(error.code).toBe('HAR_NO_ENTRIES');
        expect(error.message).toBe(
          '"exports/orders.har" has no log.entries array, so it is not a HAR file. Export one with DevTools › Network › Save all as HAR.',
        );
      }
    });

    it('a damaged entry, with its index', () => {
      expect(failure(har(entry('GET', 'http://a.test/'), { response: {} })).message).toContain(
        '"exports/orders.har": log.entries[1].request is missing.',
      );
      expect(failure(har(entry('GET', '/relative'))).message).toContain(
        'log.entries[0].request.url "/relative" is not an absolute URL.',
      );
      expect(failure(har({ request: { url: 'http://a.test/', headers: [] } })).code).toBe(
        'HAR_INVALID_ENTRY',
      );
      expect(
        failure(har({ request: { method: 'GET', url: 'http://a.test/', headers: {} } })).message,
      ).toContain('log.entries[0].request.headers is not an array');
    });
  });
});

describe('groupHarRequests', () => {
  const parse = (...entries: unknown[]) => groupHarRequests(parseHar(har(...entries), 'a.har').requests);

  it('groups calls that differ only by id or query, counts them and keeps the first as the example', () => {
    const groups = parse(
      entry('GET', 'http://localhost:5173/api/orders/1', [], { resourceType: 'fetch' }),
      entry('GET', 'http://localhost:5173/api/orders/2?expand=items', [], { resourceType: 'fetch' }),
      entry('GET', 'http://localhost:5173/api/orders/recent', [], { resourceType: 'fetch' }),
    );
    expect(groups.map(({ shape, count, example }) => [shape.key, count, example.url])).toEqual([
      ['GET /api/orders/:id', 2, 'http://localhost:5173/api/orders/1'],
      ['GET /api/orders/recent', 1, 'http://localhost:5173/api/orders/recent'],
    ]);
    expect(groups[0]?.shape.prefix).toBe('/api');
  });

  // Authorization is a request header the page sets, not a credential: only cookies imply credentials.
  it('separates shapes by unsafe headers and credentials (cookies, not Authorization)', () => {
    const groups = parse(
      entry('PUT', 'http://localhost:5173/api/orders/1', [json], { resourceType: 'fetch' }),
      entry('PUT', 'http://localhost:5173/api/orders/2', [json, { name: 'X-Request-Id', value: '7' }], {
        resourceType: 'fetch',
      }),
      entry('POST', 'http://localhost:5173/login', [json], {
        resourceType: 'fetch',
        cookies: [{ name: 'sid', value: 'abc' }],
      }),
      entry('GET', 'http://localhost:5173/api/me', [{ name: 'Authorization', value: 'Bearer t' }], {
        resourceType: 'xhr',
      }),
    );
    expect(groups.map(({ shape }) => shape.key)).toEqual([
      'PUT /api/orders/:id [content-type]',
      'PUT /api/orders/:id [content-type,x-request-id]',
      'POST /login [content-type] credentials',
      'GET /api/me [authorization]',
    ]);
    expect(groups.map(({ shape }) => shape.credentialsFrom)).toEqual([
      'cookies',
      'cookies',
      'cookies',
      'cookies',
    ]);
    expect(groups[2]?.shape.prefix).toBe('');
    // Replayed headers are the page's own: never the cookie, which the browser adds.
    expect(groups[2]?.shape.pageHeaders).toEqual([['content-type', 'application/json']]);
  });
});

describe('productionUrl', () => {
  it('appends the recorded path and query to the target', () => {
    expect(productionUrl('http://localhost:5173/api/orders/42?x=1#top', 'https://api.example.com')).toBe(
      'https://api.example.com/api/orders/42?x=1',
    );
    expect(productionUrl('http://localhost:5173/api/orders', 'https://example.com/v2/')).toBe(
      'https://example.com/v2/api/orders',
    );
  });

  it('keeps the recorded URL without a target', () => {
    expect(productionUrl('https://api.example.com/api/orders/42#x', undefined)).toBe(
      'https://api.example.com/api/orders/42',
    );
  });
});
