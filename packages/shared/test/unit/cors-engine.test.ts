import { describe, expect, it } from 'vitest';
import {
  type CorsErrorName,
  type CorsHop,
  evaluateCors,
  type HeaderLine,
  type ObservedResponse,
} from '../../src/index.js';

// The pure engine, one case per CorsError, without a browser (the Chromium conformance suite checks the same
// rules against the real browser). Page on http://localhost:5173, API on https://api.example.test.
const pageOrigin = 'http://localhost:5173';
const api = 'https://api.example.test/orders';
const acao = (value: string): HeaderLine => ['Access-Control-Allow-Origin', value];
const response = (status: number, ...headers: HeaderLine[]): ObservedResponse => ({ status, headers });

function judge(options: {
  method?: string;
  headers?: HeaderLine[];
  credentials?: 'omit' | 'same-origin' | 'include';
  initiator?: 'fetch' | 'xhr';
  hops: CorsHop[];
}) {
  return evaluateCors({
    pageOrigin,
    request: {
      url: options.hops[0]?.url ?? api,
      method: options.method ?? 'GET',
      headers: options.headers ?? [],
      credentials: options.credentials ?? 'same-origin',
      initiator: options.initiator ?? 'fetch',
    },
    hops: options.hops,
  }).verdict;
}

const put = (preflight: ObservedResponse, extra: Partial<Parameters<typeof judge>[0]> = {}) =>
  judge({
    method: 'PUT',
    hops: [{ url: api, preflight, response: response(200, acao(pageOrigin)) }],
    ...extra,
  });

const cases: {
  error: CorsErrorName;
  failedParameter: string;
  verdict: () => ReturnType<typeof judge>;
  reason: RegExp;
}[] = [
  {
    error: 'MissingAllowOriginHeader',
    failedParameter: '',
    verdict: () => judge({ hops: [{ url: api, response: response(200) }] }),
    reason: /No 'Access-Control-Allow-Origin' header is present/,
  },
  {
    error: 'WildcardOriginNotAllowed',
    failedParameter: '',
    verdict: () =>
      judge({ credentials: 'include', hops: [{ url: api, response: response(200, acao('*')) }] }),
    reason: /must not be the wildcard '\*'/,
  },
  {
    error: 'MultipleAllowOriginValues',
    failedParameter: `${pageOrigin}, ${pageOrigin}`,
    verdict: () =>
      judge({ hops: [{ url: api, response: response(200, acao(pageOrigin), acao(pageOrigin)) }] }),
    reason: /contains multiple values .* Have the server send the header with a valid value\.$/,
  },
  {
    error: 'InvalidAllowOriginValue',
    failedParameter: 'foo',
    verdict: () => judge({ hops: [{ url: api, response: response(200, acao('foo')) }] }),
    reason: /contains the invalid value 'foo'/,
  },
  {
    error: 'AllowOriginMismatch',
    failedParameter: `${pageOrigin}/`,
    verdict: () => judge({ hops: [{ url: api, response: response(200, acao(`${pageOrigin}/`)) }] }),
    reason: /has a value 'http:\/\/localhost:5173\/' that is not equal/,
  },
  {
    error: 'InvalidAllowCredentials',
    failedParameter: '',
    verdict: () =>
      judge({
        credentials: 'include',
        initiator: 'xhr',
        hops: [{ url: api, response: response(200, acao(pageOrigin)) }],
      }),
    reason: /is '' which must be 'true'.* controlled by the withCredentials attribute\.$/,
  },
  {
    error: 'PreflightMissingAllowOriginHeader',
    failedParameter: '',
    verdict: () => put(response(204)),
    reason:
      /Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin'/,
  },
  {
    error: 'PreflightWildcardOriginNotAllowed',
    failedParameter: '',
    verdict: () => put(response(204, acao('*')), { credentials: 'include' }),
    reason: /preflight .* wildcard/,
  },
  {
    error: 'PreflightMultipleAllowOriginValues',
    failedParameter: `${pageOrigin}, *`,
    verdict: () => put(response(204, acao(pageOrigin), acao('*'))),
    reason: /preflight .* multiple values/,
  },
  {
    error: 'PreflightInvalidAllowOriginValue',
    failedParameter: 'foo',
    verdict: () => put(response(204, acao('foo'))),
    reason: /preflight .* invalid value 'foo'/,
  },
  {
    error: 'PreflightAllowOriginMismatch',
    failedParameter: 'https://app.example.com',
    verdict: () => put(response(204, acao('https://app.example.com'))),
    reason: /preflight .* not equal to the supplied origin/,
  },
  {
    error: 'PreflightInvalidAllowCredentials',
    failedParameter: 'TRUE',
    verdict: () =>
      put(response(204, acao(pageOrigin), ['Access-Control-Allow-Credentials', 'TRUE']), {
        credentials: 'include',
      }),
    reason: /preflight .* is 'TRUE' which must be 'true'/,
  },
  {
    error: 'PreflightInvalidStatus',
    failedParameter: '',
    verdict: () => put(response(401, acao(pageOrigin), ['Access-Control-Allow-Methods', 'PUT'])),
    reason: /It does not have HTTP ok status\.$/,
  },
  {
    error: 'PreflightDisallowedRedirect',
    failedParameter: '',
    verdict: () => put(response(301, ['Location', `${api}/`])),
    reason: /Redirect is not allowed for a preflight request\.$/,
  },
  {
    error: 'InvalidAllowMethodsPreflightResponse',
    failedParameter: '',
    verdict: () => put(response(204, acao(pageOrigin), ['Access-Control-Allow-Methods', 'PUT POST'])),
    reason: /Cannot parse Access-Control-Allow-Methods/,
  },
  {
    error: 'InvalidAllowHeadersPreflightResponse',
    failedParameter: '',
    verdict: () =>
      judge({
        headers: [['X-Foo', '1']],
        hops: [
          {
            url: api,
            preflight: response(204, acao(pageOrigin), ['Access-Control-Allow-Headers', 'x-foo; x-bar']),
          },
        ],
      }),
    reason: /Cannot parse Access-Control-Allow-Headers/,
  },
  {
    error: 'MethodDisallowedByPreflightResponse',
    failedParameter: 'patch',
    verdict: () =>
      judge({
        method: 'patch',
        hops: [
          { url: api, preflight: response(204, acao(pageOrigin), ['Access-Control-Allow-Methods', 'PATCH']) },
        ],
      }),
    reason: /Method patch is not allowed by Access-Control-Allow-Methods/,
  },
  {
    error: 'HeaderDisallowedByPreflightResponse',
    failedParameter: 'x-zeta',
    verdict: () =>
      judge({
        headers: [
          ['Authorization', 'Bearer t'],
          ['X-Alpha', '1'],
          ['X-Zeta', '2'],
        ],
        hops: [{ url: api, preflight: response(204, acao(pageOrigin)) }],
      }),
    reason: /Request header field x-zeta is not allowed/,
  },
  {
    error: 'RedirectContainsCredentials',
    failedParameter: '',
    verdict: () =>
      judge({
        hops: [
          {
            url: api,
            response: response(302, acao(pageOrigin), ['Location', 'https://user:pw@api.example.test/x']),
          },
        ],
      }),
    reason: /Redirect location '' contains a username and password/,
  },
];

describe('evaluateCors', () => {
  it.each(cases)('reports $error with Chromium’s message', ({ error, failedParameter, verdict, reason }) => {
    const result = verdict();
    expect(result).toMatchObject({ allowed: false, corsError: error, failedParameter });
    expect(result.message).toMatch(
      /^Access to (fetch|XMLHttpRequest) at 'https:\/\/api\.example\.test\/orders' from origin 'http:\/\/localhost:5173' has been blocked by CORS policy: /,
    );
    expect(result.message).toMatch(reason);
  });

  it('allows a simple GET and says no preflight is needed', () => {
    const result = judge({ hops: [{ url: api, response: response(500, acao('*')) }] });
    expect(result).toMatchObject({ allowed: true, preflight: false, corsError: null, message: null });
  });

  it('names what makes a preflight necessary', () => {
    const result = judge({
      method: 'DELETE',
      headers: [
        ['Content-Type', 'application/json'],
        ['Accept', 'application/json'],
      ],
      hops: [{ url: api }],
    });
    expect(result).toMatchObject({
      allowed: null,
      preflight: true,
      preflightReasons: { method: 'DELETE', headers: ['content-type'] },
    });
  });

  it('lists every problem, the reported one first', () => {
    const result = put(response(500), { headers: [['X-Api-Key', 'k']] });
    expect(result.problems.map((problem) => problem.corsError)).toEqual([
      'PreflightMissingAllowOriginHeader',
      'PreflightInvalidStatus',
      'MethodDisallowedByPreflightResponse',
      'HeaderDisallowedByPreflightResponse',
    ]);
  });

  it('lets Authorization through ACAH * as Chromium does, with a portability note', () => {
    const result = judge({
      headers: [['Authorization', 'Bearer t']],
      hops: [
        {
          url: api,
          preflight: response(204, acao(pageOrigin), ['Access-Control-Allow-Headers', '*']),
          response: response(200, acao(pageOrigin)),
        },
      ],
    });
    expect(result.allowed).toBe(true);
    expect(result.notes.map((note) => note.id)).toContain('authorization-wildcard');
  });

  it('turns the origin into "null" after a cross-origin redirect and says "redirected from"', () => {
    const next = 'https://cdn.example.net/orders';
    const result = judge({
      hops: [
        { url: api, response: response(302, acao(pageOrigin), ['Location', next]) },
        { url: next, response: response(200, acao(pageOrigin)) },
      ],
    });
    expect(result).toMatchObject({
      allowed: false,
      corsError: 'AllowOriginMismatch',
      finalRequestOrigin: 'null',
    });
    expect(result.message).toContain(
      `Access to fetch at '${next}' (redirected from '${api}') from origin '${pageOrigin}'`,
    );
  });

  it('flags an uncalibrated multi-header failure instead of pretending to know the blamed header', () => {
    const result = judge({
      headers: [
        ['X-One', '1'],
        ['X-Two', '2'],
      ],
      hops: [{ url: api, preflight: response(204, acao(pageOrigin)) }],
    });
    expect(result.corsError).toBe('HeaderDisallowedByPreflightResponse');
    expect(result.failedParameterCandidates).toEqual(expect.arrayContaining(['x-one', 'x-two']));
  });
});

describe('the next request is byte for byte what Chromium sends', () => {
  const next = (
    request: { method: string; headers?: HeaderLine[]; initiator?: 'fetch' | 'xhr' },
    hops: CorsHop[] = [],
  ) =>
    evaluateCors({
      pageOrigin,
      request: {
        url: api,
        method: request.method,
        headers: request.headers ?? [],
        credentials: 'same-origin',
        initiator: request.initiator ?? 'fetch',
      },
      hops,
    }).next;
  const allowAll = response(
    204,
    acao(pageOrigin),
    ['Access-Control-Allow-Methods', '*'],
    ['Access-Control-Allow-Headers', '*'],
  );

  it('keeps a method Fetch does not normalise as written, on the request line and in the preflight', () => {
    for (const method of ['patch', 'Patch', 'm-search']) {
      expect(next({ method })?.headers).toContainEqual(['Access-Control-Request-Method', method]);
      expect(next({ method }, [{ url: api, preflight: allowAll }])?.method).toBe(method);
    }
    expect(next({ method: 'delete' })?.headers).toContainEqual(['Access-Control-Request-Method', 'DELETE']);
    expect(next({ method: 'pUt' }, [{ url: api, preflight: allowAll }])?.method).toBe('PUT');
    expect(next({ method: 'post' })?.method).toBe('POST');
  });

  it('keeps header names as written, trims each value, joins repeats, adds Accept: */*', () => {
    const headers: HeaderLine[] = [
      ['X-Dup', ' a '],
      ['x-dup', 'b\t'],
      ['X-Inner', 'a \t b'],
      ['X-Empty', ''],
      ['X-Tail', '1'],
      ['X-Tail', ''],
    ];
    const hops = [{ url: api, preflight: allowAll }];
    for (const initiator of ['fetch', 'xhr'] as const) {
      expect(next({ method: 'GET', headers, initiator }, hops)?.headers).toEqual([
        ['X-Dup', 'a, b'],
        ['X-Inner', 'a \t b'],
        ['X-Empty', ''],
        // Chromium 156 sends "1," for "1" then "": the joined value is trimmed too.
        ['X-Tail', '1,'],
        ['Accept', '*/*'],
        ['Origin', pageOrigin],
      ]);
    }
    expect(next({ method: 'GET', headers: [['accept', 'application/json']] })?.headers).toEqual([
      ['accept', 'application/json'],
      ['Origin', pageOrigin],
    ]);
  });

  it('drops the page’s client hints on a redirect, as Chromium does (Save-Data stays)', () => {
    const headers: HeaderLine[] = [
      ['DPR', '2'],
      ['Save-Data', 'on'],
      ['X-Id', '1'],
    ];
    const redirected = next({ method: 'GET', headers }, [
      {
        url: api,
        preflight: allowAll,
        response: response(307, acao(pageOrigin), ['Location', `${api}/2`]),
      },
      { url: `${api}/2`, preflight: allowAll },
    ]);
    expect(redirected?.headers.map(([name]) => name)).toEqual(['Save-Data', 'X-Id', 'Accept', 'Origin']);
  });

  it('counts the browser’s own Accept: */* toward the 1024-byte rule', () => {
    // 1023 bytes of safelisted page headers: with Chromium's Accept (3 bytes) they all become unsafe.
    const sized: HeaderLine[] = [
      ['Accept-Language', 'a'.repeat(128)],
      ['Content-Language', 'c'.repeat(128)],
      ...['DPR', 'Viewport-Width', 'RTT', 'Width', 'Downlink'].map(
        (name): HeaderLine => [name, '2'.repeat(128)],
      ),
      ['Content-Type', `text/plain;a=${'b'.repeat(127 - 13)}`],
    ];
    const pending = next({ method: 'GET', headers: sized });
    expect(pending?.kind).toBe('preflight');
    expect(pending?.headers.find(([name]) => name === 'Access-Control-Request-Headers')?.[1]).toBe(
      'accept,accept-language,content-language,content-type,downlink,dpr,rtt,viewport-width,width',
    );
    expect(next({ method: 'GET', headers: [...sized, ['Accept', '*']] })?.kind).toBe('actual');
  });
});
