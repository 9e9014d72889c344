import type { CredentialsMode, HeaderLine, Initiator } from '../../src/cors/types.js';
import type { Scenario, ScenarioHop, ScenarioResponse } from './scenario-types.js';

/**
 * The conformance scenarios: a hand-written case for each CorsError the engine models, then many generated
 * ones (method × request headers × credentials × preflight status/headers × actual headers × redirects) from a
 * fixed seed, so CI runs the same few hundred every time and `CONFORMANCE_COUNT=5000` explores further.
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
  const result: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    const method = pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
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
