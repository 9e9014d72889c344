import type { CredentialsMode, HeaderLine, Initiator } from '../../src/cors/types.js';
import type { Scenario, ScenarioHop, ScenarioResponse } from './scenario-types.js';

/**
 * The conformance scenarios: a hand-written case for each CorsError the engine models, then many generated
 * ones (method, in upper, lower or capitalised case × request headers × credentials × preflight status/headers ×
 * actual headers × redirects) from a fixed seed, so CI runs the same few hundred every time and
 * `CONFORMANCE_COUNT=5000` explores further. `wireScenarios` hold Chromium's bytes against strict Node servers.
 */

const origin = '{origin}';
const acao = (value: string): HeaderLine => ['Access-Control-Allow-Origin', value];
const acac: HeaderLine = ['Access-Control-Allow-Credentials', 'true'];
const ok = (...headers: HeaderLine[]): ScenarioResponse => ({ status: 200, headers });

function scenario(
  id: string,
  description: string,
  request: { method?: string; headers?: HeaderLine[]; credentials?: CredentialsMode; initiator?: Initiator },
  hops: ScenarioHop[],
): Scenario {
  return {
    id,
    description,
    method: request.method ?? 'GET',
    headers: request.headers ?? [],
    credentials: request.credentials ?? 'same-origin',
    initiator: request.initiator ?? 'fetch',
    hops,
  };
}

/** One scenario per error Chromium can report for a server's answer, plus the classic passes. */
export const handWrittenScenarios: readonly Scenario[] = [
  scenario('h-pass-simple', 'simple GET allowed by exact origin', {}, [
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('h-pass-wildcard', 'simple GET allowed by *', {}, [{ server: 'a', actual: ok(acao('*')) }]),
  scenario('h-missing', 'no ACAO on a simple GET', {}, [{ server: 'a', actual: ok() }]),
  scenario('h-missing-500', 'a 500 without ACAO is a CORS error', {}, [
    { server: 'a', actual: { status: 500, headers: [] } },
  ]),
  scenario('h-pass-500', 'a 500 with ACAO is readable', {}, [
    { server: 'a', actual: { status: 500, headers: [acao(origin)] } },
  ]),
  scenario('h-wildcard-creds', '* with credentials', { credentials: 'include' }, [
    { server: 'a', actual: ok(acao('*'), acac) },
  ]),
  scenario(
    'h-wildcard-creds-xhr',
    '* with credentials via XHR',
    { credentials: 'include', initiator: 'xhr' },
    [{ server: 'a', actual: ok(acao('*'), acac) }],
  ),
  scenario('h-multiple', 'two ACAO lines', {}, [{ server: 'a', actual: ok(acao(origin), acao(origin)) }]),
  scenario('h-invalid', 'ACAO not a URL', {}, [{ server: 'a', actual: ok(acao('foo')) }]),
  scenario('h-mismatch-slash', 'ACAO with a trailing slash', {}, [
    { server: 'a', actual: ok(acao(`${origin}/`)) },
  ]),
  scenario('h-mismatch-null', 'ACAO null for a real origin', {}, [{ server: 'a', actual: ok(acao('null')) }]),
  scenario('h-creds-missing', 'credentials without ACAC', { credentials: 'include' }, [
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('h-creds-upper', 'ACAC TRUE is not true', { credentials: 'include', initiator: 'xhr' }, [
    { server: 'a', actual: ok(acao(origin), ['Access-Control-Allow-Credentials', 'TRUE']) },
  ]),
  scenario('h-pf-pass', 'PUT with a matching preflight', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Methods', 'PUT']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-missing', 'preflight without ACAO', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [['Access-Control-Allow-Methods', 'PUT']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario(
    'h-pf-404-missing',
    'a 404 preflight without ACAO reports the header, not the status',
    { method: 'DELETE' },
    [{ server: 'a', preflight: { status: 404, headers: [] }, actual: ok(acao(origin)) }],
  ),
  scenario('h-pf-status', 'a 500 preflight with ACAO', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 500, headers: [acao(origin), ['Access-Control-Allow-Methods', 'PUT']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-redirect', 'a redirected preflight', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 302, headers: [acao(origin)], redirectTo: 1 },
      actual: ok(acao(origin)),
    },
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('h-pf-wildcard-creds', 'preflight * with credentials', { method: 'PUT', credentials: 'include' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao('*'), acac, ['Access-Control-Allow-Methods', 'PUT']] },
      actual: ok(acao(origin), acac),
    },
  ]),
  scenario('h-pf-multiple', 'preflight with two ACAO lines', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), acao('*'), ['Access-Control-Allow-Methods', 'PUT']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-invalid', 'preflight ACAO not a URL', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao('foo'), ['Access-Control-Allow-Methods', 'PUT']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-mismatch', 'preflight ACAO for another origin', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: {
        status: 204,
        headers: [acao('https://app.example.com'), ['Access-Control-Allow-Methods', 'PUT']],
      },
      actual: ok(acao(origin)),
    },
  ]),
  scenario(
    'h-pf-creds',
    'preflight without ACAC under credentials',
    { method: 'PUT', credentials: 'include' },
    [
      {
        server: 'a',
        preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Methods', 'PUT']] },
        actual: ok(acao(origin), acac),
      },
    ],
  ),
  scenario('h-pf-bad-methods', 'unparseable Access-Control-Allow-Methods', { method: 'PUT' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Methods', 'PUT POST']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-bad-headers', 'unparseable Access-Control-Allow-Headers', { headers: [['X-Foo', '1']] }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Headers', 'x-foo; x-bar']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-method', 'method not listed', { method: 'DELETE' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Methods', 'GET, PUT']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-method-case', 'patch is not allowed by PATCH', { method: 'patch' }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Methods', 'PATCH']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario(
    'h-pf-method-star-creds',
    '* methods do not count with credentials',
    { method: 'PUT', credentials: 'include' },
    [
      {
        server: 'a',
        preflight: { status: 204, headers: [acao(origin), acac, ['Access-Control-Allow-Methods', '*']] },
        actual: ok(acao(origin), acac),
      },
    ],
  ),
  scenario('h-pf-header', 'custom header not listed', { headers: [['X-Api-Key', 'k']] }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Headers', 'content-type']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario('h-pf-header-case', 'header names match case-insensitively', { headers: [['x-foo', '1']] }, [
    {
      server: 'a',
      preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Headers', 'X-FOO']] },
      actual: ok(acao(origin)),
    },
  ]),
  scenario(
    'h-pf-auth-star',
    'Chromium lets Authorization through ACAH *',
    { headers: [['Authorization', 'Bearer t']] },
    [
      {
        server: 'a',
        preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Headers', '*']] },
        actual: ok(acao(origin)),
      },
    ],
  ),
  scenario(
    'h-pf-star-creds',
    '* headers do not count with credentials',
    { headers: [['X-Foo', '1']], credentials: 'include' },
    [
      {
        server: 'a',
        preflight: { status: 204, headers: [acao(origin), acac, ['Access-Control-Allow-Headers', '*']] },
        actual: ok(acao(origin), acac),
      },
    ],
  ),
  scenario(
    'h-json-preflight',
    'application/json needs a preflight',
    { method: 'POST', headers: [['Content-Type', 'application/json']] },
    [{ server: 'a', preflight: { status: 204, headers: [acao(origin)] }, actual: ok(acao(origin)) }],
  ),
  scenario(
    'h-text-plain',
    'text/plain; charset=utf-8 is simple',
    { method: 'POST', headers: [['Content-Type', 'text/plain; charset=utf-8']] },
    [{ server: 'a', actual: ok(acao(origin)) }],
  ),
  scenario('h-dpr', 'Chromium safelists DPR (no preflight)', { headers: [['DPR', '2']] }, [
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario(
    'h-long-accept',
    'a 129-byte Accept needs a preflight',
    { headers: [['Accept', `text/${'a'.repeat(124)}`]] },
    [{ server: 'a', preflight: { status: 204, headers: [acao(origin)] }, actual: ok(acao(origin)) }],
  ),
  scenario('h-redirect-missing', 'a redirect without ACAO', {}, [
    { server: 'a', actual: { status: 302, headers: [], redirectTo: 1 } },
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('h-redirect-same', 'a same-server redirect, ACAO on both', {}, [
    { server: 'a', actual: { status: 307, headers: [acao(origin)], redirectTo: 1 } },
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('h-redirect-taint', 'a cross-origin hop makes the origin null', {}, [
    { server: 'a', actual: { status: 302, headers: [acao(origin)], redirectTo: 1 } },
    { server: 'b', actual: ok(acao(origin)) },
  ]),
  scenario('h-redirect-taint-null', 'after the hop, ACAO null passes', {}, [
    { server: 'a', actual: { status: 302, headers: [acao(origin)], redirectTo: 1 } },
    { server: 'b', actual: ok(acao('null')) },
  ]),
  scenario('h-redirect-credentials', 'redirect to a URL with user:pass', {}, [
    {
      server: 'a',
      actual: { status: 302, headers: [acao(origin)], redirectTo: 1, redirectWithCredentials: true },
    },
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario(
    'h-redirect-303-get',
    'a 303 keeps a GET and its headers, so the next hop is preflighted again',
    { headers: [['Content-Language', 'en/us']] },
    [
      {
        server: 'a',
        preflight: {
          status: 204,
          headers: [acao(origin), ['Access-Control-Allow-Headers', 'content-language']],
        },
        actual: { status: 303, headers: [acao(origin)], redirectTo: 1 },
      },
      {
        server: 'b',
        preflight: {
          status: 204,
          headers: [acao(origin), ['Access-Control-Allow-Headers', 'content-language']],
        },
        actual: ok(acao('null')),
      },
    ],
  ),
  scenario(
    'h-redirect-repreflight',
    'a preflighted request is preflighted again after a redirect',
    { method: 'PUT' },
    [
      {
        server: 'a',
        preflight: { status: 204, headers: [acao(origin), ['Access-Control-Allow-Methods', 'PUT']] },
        actual: { status: 307, headers: [acao(origin)], redirectTo: 1 },
      },
      { server: 'a', preflight: { status: 204, headers: [acao(origin)] }, actual: ok(acao(origin)) },
    ],
  ),
];

/** Safelisted page headers whose values add up to `total` bytes (at most 1024): each under the 128-byte cap. */
function safelistedBytes(total: number): HeaderLine[] {
  const values: [string, (length: number) => string][] = [
    ['Accept-Language', (n) => 'a'.repeat(n)],
    ['Content-Language', (n) => 'c'.repeat(n)],
    ['Content-Type', (n) => `text/plain;a=${'b'.repeat(n - 13)}`],
    ['DPR', (n) => '2'.repeat(n)],
    ['Viewport-Width', (n) => '3'.repeat(n)],
    ['RTT', (n) => '4'.repeat(n)],
    ['Width', (n) => '5'.repeat(n)],
    ['Downlink', (n) => '6'.repeat(n)],
  ];
  return values.map(([name, value], index) => [name, value(index < 7 ? 128 : total - 7 * 128)]);
}

const allow = (methods: string, headers?: string): ScenarioResponse => ({
  status: 204,
  headers: [
    acao(origin),
    ['Access-Control-Allow-Methods', methods],
    ...(headers ? [['Access-Control-Allow-Headers', headers] as HeaderLine] : []),
  ],
});

/**
 * Issue 10, item 2: what the browser puts on the wire, against backends as strict as Node's. Chromium sends a
 * method Fetch does not normalise as the page wrote it (`patch`, `Patch`, `m-search`), which a Node backend
 * answers with a bare 400 (no CORS headers) even when its preflight allowed it; it upper-cases DELETE, GET, HEAD,
 * OPTIONS, POST, PUT in any case. It sends header names as written and values byte for byte once trimmed (a
 * control byte included, which Node also refuses with a 400). The live check must send the same bytes (the
 * conformance test compares them) and so reach the same verdict.
 */
export const wireScenarios: readonly Scenario[] = [
  scenario('w-patch-lower', 'patch, allowed by its preflight, gets Node’s 400', { method: 'patch' }, [
    { server: 'a', preflight: allow('patch'), actual: ok(acao(origin)) },
  ]),
  scenario('w-patch-mixed', 'Patch, allowed by its preflight, gets Node’s 400', { method: 'Patch' }, [
    { server: 'a', preflight: allow('Patch'), actual: ok(acao(origin)) },
  ]),
  scenario('w-patch-star', 'patch allowed by * gets Node’s 400', { method: 'patch' }, [
    { server: 'a', preflight: allow('*'), actual: ok(acao(origin)) },
  ]),
  scenario('w-patch-xhr', 'XHR patch gets Node’s 400 too', { method: 'patch', initiator: 'xhr' }, [
    { server: 'a', preflight: allow('patch'), actual: ok(acao(origin)) },
  ]),
  scenario('w-patch-upper', 'PATCH is served', { method: 'PATCH' }, [
    { server: 'a', preflight: allow('PATCH'), actual: ok(acao(origin)) },
  ]),
  scenario('w-delete-lower', 'delete is sent as DELETE', { method: 'delete' }, [
    { server: 'a', preflight: allow('DELETE'), actual: ok(acao(origin)) },
  ]),
  scenario('w-put-mixed', 'pUt is sent as PUT (with Content-Length: 0)', { method: 'pUt' }, [
    { server: 'a', preflight: allow('PUT'), actual: ok(acao(origin)) },
  ]),
  scenario(
    'w-put-allowed-lower',
    'PUT is not allowed by put (compared case-sensitively)',
    { method: 'pUt' },
    [{ server: 'a', preflight: allow('put'), actual: ok(acao(origin)) }],
  ),
  scenario('w-post-lower', 'post is sent as POST, no preflight', { method: 'post' }, [
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('w-get-lower', 'get is sent as GET', { method: 'get' }, [
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('w-head-lower', 'head is sent as HEAD', { method: 'head' }, [
    { server: 'a', actual: ok(acao(origin)) },
  ]),
  scenario('w-custom-known', 'PURGE: a custom method Node knows', { method: 'PURGE' }, [
    { server: 'a', preflight: allow('PURGE'), actual: ok(acao(origin)) },
  ]),
  scenario('w-custom-unknown', 'FOO: a method Node does not know gets its 400', { method: 'FOO' }, [
    { server: 'a', preflight: allow('FOO'), actual: ok(acao(origin)) },
  ]),
  scenario('w-custom-lower', 'm-search is sent as written, Node answers 400', { method: 'm-search' }, [
    { server: 'a', preflight: allow('m-search'), actual: ok(acao(origin)) },
  ]),
  scenario(
    'w-value-control',
    'a \\x01 in a header value: sent, Node answers 400',
    { headers: [['X-Trace', 'a\x01b']] },
    [{ server: 'a', preflight: allow('GET', 'x-trace'), actual: ok(acao(origin)) }],
  ),
  scenario(
    'w-value-del',
    'a DEL in a header value: sent, Node answers 400',
    { headers: [['X-Trace', 'a\x7fb']] },
    [{ server: 'a', preflight: allow('GET', 'x-trace'), actual: ok(acao(origin)) }],
  ),
  scenario(
    'w-value-padded',
    'a padded value is trimmed',
    { method: 'PUT', headers: [['X-Pad', ' \tv \t']] },
    [{ server: 'a', preflight: allow('PUT', 'x-pad'), actual: ok(acao(origin)) }],
  ),
  scenario('w-value-latin1', 'a latin1 byte in a value', { headers: [['X-Name', 'caf\xe9']] }, [
    { server: 'a', preflight: allow('GET', 'x-name'), actual: ok(acao(origin)) },
  ]),
  scenario('w-value-empty', 'an empty value', { headers: [['X-Empty', '']] }, [
    { server: 'a', preflight: allow('GET', 'x-empty'), actual: ok(acao(origin)) },
  ]),
  scenario(
    'w-names-fetch',
    'fetch() keeps names as written, joins repeats (the first spelling) and trims the result',
    {
      headers: [
        ['X-Mixed-Case', '1'],
        ['x-mixed-case', ' 2 '],
        ['content-type', 'text/plain'],
        ['X-Tail', '1'],
        ['X-Tail', ''],
      ],
    },
    [{ server: 'a', preflight: allow('GET', 'x-mixed-case, x-tail'), actual: ok(acao(origin)) }],
  ),
  scenario(
    'w-redirect-client-hints',
    'a redirect drops the client hints the page set (Save-Data stays)',
    {
      headers: [
        ['DPR', '2'],
        ['Viewport-Width', '100'],
        ['Save-Data', 'on'],
      ],
    },
    [
      { server: 'a', actual: { status: 307, headers: [acao(origin)], redirectTo: 1 } },
      { server: 'a', actual: ok(acao(origin)) },
    ],
  ),
  scenario(
    'w-accept-1024',
    'the browser’s own Accept: */* counts toward the 1024-byte rule',
    { headers: safelistedBytes(1023) },
    [{ server: 'a', preflight: { status: 404, headers: [] }, actual: ok(acao(origin)) }],
  ),
  scenario(
    'w-names-xhr',
    'XHR keeps names as written, the first spelling on repeats',
    {
      initiator: 'xhr',
      headers: [
        ['X-Mixed-Case', '1'],
        ['x-mixed-case', ' 2 '],
        ['Accept', 'application/json'],
      ],
    },
    [{ server: 'a', preflight: allow('GET', 'x-mixed-case'), actual: ok(acao(origin)) }],
  ),
];

/** mulberry32: tiny, fast, good enough to spread scenarios; the seed makes runs repeatable. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Request header sets the generator draws from; also the sets whose Chromium order is calibrated. */
export const headerSets: readonly (readonly HeaderLine[])[] = [
  [],
  [['Content-Type', 'application/json']],
  [['Content-Type', 'text/plain']],
  [['X-Api-Key', 'k-1']],
  [['Authorization', 'Bearer t']],
  [
    ['Authorization', 'Bearer t'],
    ['X-Request-Id', 'r-1'],
  ],
  [
    ['Content-Type', 'application/json'],
    ['X-Api-Key', 'k-1'],
    ['X-Request-Id', 'r-1'],
  ],
  [
    ['Authorization', 'Bearer t'],
    ['Content-Type', 'application/json'],
  ],
  [
    ['X-A', '1'],
    ['X-B', '2'],
  ],
  [
    ['X-A', '1'],
    ['X-B', '2'],
    ['X-C', '3'],
  ],
  [
    ['Authorization', 'Bearer t'],
    ['X-Alpha', '1'],
    ['X-Zeta', '2'],
  ],
  [['Content-Language', 'en/us']],
  [['DPR', '2']],
];

export function generateScenarios(count: number, seed = 20261122): Scenario[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  // The method's case comes from a stream of its own, so adding it left every other draw as it was.
  const caseRandom = createRandom(seed ^ 0x5bd1e995);
  const withCase = (method: string) => {
    const draw = caseRandom();
    if (draw < 0.2) return method.toLowerCase();
    return draw < 0.3 ? `${method[0]}${method.slice(1).toLowerCase()}` : method;
  };
  const result: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    const method = withCase(pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH']));
    const headers = pick(headerSets);
    const credentials = pick<CredentialsMode>(['omit', 'same-origin', 'include']);
    const initiator = pick<Initiator>(['fetch', 'fetch', 'fetch', 'xhr']);
    const originValue = () =>
      pick([origin, origin, origin, origin, '*', '*', 'none', 'null', `${origin}/`, 'foo', 'double']);
    const originHeaders = (value: string): HeaderLine[] =>
      value === 'none' ? [] : value === 'double' ? [acao(origin), acao(origin)] : [acao(value)];
    const credentialHeaders = (): HeaderLine[] =>
      pick([[acac], [acac], [acac], [], [['Access-Control-Allow-Credentials', 'TRUE']]] as HeaderLine[][]);
    const names = headers
      .map(([name]) => name.toLowerCase())
      .filter((name) => name !== 'content-type' || !headers.some(([, value]) => value === 'text/plain'));
    const allowHeaders = pick([
      names.join(', '),
      names.join(', '),
      '*',
      names.slice(1).join(', '),
      '',
      'x-foo; x-bar',
    ]);
    const allowMethods = pick([method, method, `GET, ${method}`, '*', '', 'PUT POST', method.toLowerCase()]);
    const preflight: ScenarioResponse = {
      status: pick([204, 204, 200, 204, 404, 500]),
      headers: [
        ...originHeaders(originValue()),
        ...credentialHeaders(),
        ...(allowMethods ? [['Access-Control-Allow-Methods', allowMethods] as HeaderLine] : []),
        ...(allowHeaders ? [['Access-Control-Allow-Headers', allowHeaders] as HeaderLine] : []),
      ],
    };
    const actual = (): ScenarioResponse => ({
      status: pick([200, 200, 200, 201, 500]),
      headers: [...originHeaders(originValue()), ...credentialHeaders()],
    });
    let hops: ScenarioHop[];
    if (chance(0.15)) {
      // A redirect of the actual request, to the same server or across origins.
      const target = pick<'a' | 'b'>(['a', 'b']);
      hops = [
        {
          server: 'a',
          preflight,
          actual: {
            status: pick([301, 302, 303, 307, 308]),
            headers: [...originHeaders(originValue()), ...credentialHeaders()],
            redirectTo: 1,
          },
        },
        { server: target, preflight: { ...preflight, headers: [...preflight.headers] }, actual: actual() },
      ];
    } else {
      hops = [{ server: 'a', preflight, actual: actual() }];
    }
    result.push({
      id: `g${String(i).padStart(4, '0')}`,
      description: `${method} ${headers.map(([name]) => name).join('+') || 'no headers'} ${credentials} ${initiator}`,
      method,
      headers,
      credentials,
      initiator,
      hops,
    });
  }
  return result;
}
