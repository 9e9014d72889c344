import { describe, expect, it } from 'vitest';
import {
  allowlistResponder,
  assessOrigins,
  craftOrigins,
  type OriginFindingId,
} from '../../src/audit/origin-findings.js';
import { simulateAllowlist } from '../../src/audit/simulate-allowlist.js';
import type { CorsAllowlist } from '../../src/config/production-options.js';
import { evaluateCors } from '../../src/cors/evaluate.js';
import type {
  CorsHop,
  CorsRequest,
  CorsVerdict,
  HeaderLine,
  ObservedResponse,
} from '../../src/cors/types.js';

// The declared production policy, answered by the real `cors` package, then judged by the engine.
const app = 'https://app.example.com';
const api = 'https://api.example.com/orders';
const put = { origin: app, method: 'PUT', accessControlRequestHeaders: 'content-type' };
const get = { origin: app, method: 'GET' };

const header = (response: ObservedResponse, name: string) =>
  response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/** Runs the engine against the simulated server, sending what the engine says Chromium sends next. */
function verdictFor(
  allowlist: CorsAllowlist,
  request: Partial<CorsRequest> & { pageOrigin?: string } = {},
): CorsVerdict {
  const { pageOrigin = app, ...rest } = request;
  const corsRequest: CorsRequest = {
    url: api,
    method: 'GET',
    headers: [],
    credentials: 'same-origin',
    initiator: 'fetch',
    ...rest,
  };
  const hops: CorsHop[] = [];
  for (;;) {
    const { verdict, next } = evaluateCors({ pageOrigin, request: corsRequest, hops });
    if (!next) return verdict;
    const sent = (name: string) => next.headers.find(([key]) => key.toLowerCase() === name)?.[1];
    const acrh = sent('access-control-request-headers');
    const response = simulateAllowlist(
      allowlist,
      {
        origin: sent('origin') ?? pageOrigin,
        method: next.kind === 'preflight' ? (sent('access-control-request-method') ?? '') : next.method,
        ...(acrh ? { accessControlRequestHeaders: acrh } : {}),
      },
      next.kind,
    );
    const hop = hops[next.hopIndex] ?? { url: next.url };
    hops[next.hopIndex] = next.kind === 'preflight' ? { ...hop, preflight: response } : { ...hop, response };
  }
}

describe('simulateAllowlist (the real cors package)', () => {
  it('a fixed origin is sent whatever the request origin, with Vary: Origin', () => {
    const allowlist = { origin: app };
    for (const origin of [app, 'https://evil.test']) {
      const response = simulateAllowlist(allowlist, { ...get, origin }, 'actual');
      expect(response).toEqual({
        status: 200,
        headers: [
          ['Access-Control-Allow-Origin', app],
          ['Vary', 'Origin'],
        ],
      });
    }
    expect(verdictFor(allowlist).allowed).toBe(true);
    expect(verdictFor(allowlist, { pageOrigin: 'https://evil.test' })).toMatchObject({
      allowed: false,
      corsError: 'AllowOriginMismatch',
      failedParameter: app,
    });
  });

  it('an array with a RegExp echoes matching origins and leaves others without Access-Control-Allow-Origin', () => {
    const allowlist = { origin: [app, /^https:\/\/[a-z]+\.example\.org$/] };
    const admin = simulateAllowlist(allowlist, { ...put, origin: 'https://admin.example.org' }, 'preflight');
    expect(header(admin, 'access-control-allow-origin')).toBe('https://admin.example.org');
    const other = simulateAllowlist(allowlist, { ...put, origin: 'https://evil.test' }, 'preflight');
    // cors still answers the preflight itself: 204 with the methods, only the origin is missing.
    expect(other).toEqual({
      status: 204,
      headers: [
        ['Vary', 'Origin, Access-Control-Request-Headers'],
        ['Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE'],
        ['Access-Control-Allow-Headers', 'content-type'],
        ['Content-Length', '0'],
      ],
    });
    expect(
      verdictFor(allowlist, {
        pageOrigin: 'https://evil.test',
        method: 'PUT',
        headers: [['Content-Type', 'application/json']],
      }),
    ).toMatchObject({ allowed: false, corsError: 'PreflightMissingAllowOriginHeader' });
  });

  it('origin: true reflects any origin, "null" included', () => {
    for (const origin of ['https://evil.test', 'null']) {
      const response = simulateAllowlist({ origin: true }, { ...get, origin }, 'actual');
      expect(header(response, 'access-control-allow-origin')).toBe(origin);
    }
  });

  it('origin: false skips CORS: the request reaches the app without any CORS header', () => {
    expect(simulateAllowlist({ origin: false }, put, 'preflight')).toEqual({ status: 200, headers: [] });
    expect(simulateAllowlist({ origin: false }, get, 'actual')).toEqual({ status: 200, headers: [] });
    expect(verdictFor({ origin: false })).toMatchObject({
      allowed: false,
      corsError: 'MissingAllowOriginHeader',
    });
  });

  it('an omitted origin is the package default, *', () => {
    expect(header(simulateAllowlist({}, get, 'actual'), 'access-control-allow-origin')).toBe('*');
  });

  it('credentials: true adds Access-Control-Allow-Credentials to the preflight and the response', () => {
    const allowlist = { origin: [app], credentials: true };
    expect(header(simulateAllowlist(allowlist, put, 'preflight'), 'access-control-allow-credentials')).toBe(
      'true',
    );
    expect(header(simulateAllowlist(allowlist, get, 'actual'), 'access-control-allow-credentials')).toBe(
      'true',
    );
    expect(verdictFor(allowlist, { credentials: 'include' }).allowed).toBe(true);
    expect(verdictFor({ origin: [app] }, { credentials: 'include' })).toMatchObject({
      allowed: false,
      corsError: 'InvalidAllowCredentials',
    });
  });

  it("origin '*' with credentials sends both headers, which Chromium refuses for credentialed requests", () => {
    const allowlist = { origin: '*', credentials: true };
    expect(simulateAllowlist(allowlist, get, 'actual').headers).toEqual([
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]);
    expect(verdictFor(allowlist, { credentials: 'include' })).toMatchObject({
      allowed: false,
      corsError: 'WildcardOriginNotAllowed',
    });
    expect(
      verdictFor(allowlist, {
        method: 'PUT',
        headers: [['Content-Type', 'application/json']],
        credentials: 'include',
      }),
    ).toMatchObject({ allowed: false, corsError: 'PreflightWildcardOriginNotAllowed' });
    expect(verdictFor(allowlist).allowed).toBe(true);
  });

  it('methods: the default list, or the custom one joined with commas', () => {
    expect(
      header(simulateAllowlist({ origin: [app] }, put, 'preflight'), 'access-control-allow-methods'),
    ).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
    const custom = { origin: [app], methods: ['GET', 'POST'] };
    expect(header(simulateAllowlist(custom, put, 'preflight'), 'access-control-allow-methods')).toBe(
      'GET,POST',
    );
    expect(verdictFor(custom, { method: 'PUT' })).toMatchObject({
      allowed: false,
      corsError: 'MethodDisallowedByPreflightResponse',
      failedParameter: 'PUT',
    });
    // The actual request never carries Access-Control-Allow-Methods.
    expect(header(simulateAllowlist(custom, get, 'actual'), 'access-control-allow-methods')).toBeUndefined();
  });

  it('allowedHeaders: left out reflects the requested headers; declared, it is a fixed list', () => {
    const request = { ...put, accessControlRequestHeaders: 'content-type,x-request-id' };
    const reflected = simulateAllowlist({ origin: [app] }, request, 'preflight');
    expect(header(reflected, 'access-control-allow-headers')).toBe('content-type,x-request-id');
    expect(header(reflected, 'vary')).toBe('Origin, Access-Control-Request-Headers');
    const fixed = { origin: [app], allowedHeaders: ['Content-Type'] };
    const answer = simulateAllowlist(fixed, request, 'preflight');
    expect(header(answer, 'access-control-allow-headers')).toBe('Content-Type');
    expect(header(answer, 'vary')).toBe('Origin');
    const headers: HeaderLine[] = [
      ['Content-Type', 'application/json'],
      ['X-Request-Id', '1'],
    ];
    expect(verdictFor({ origin: [app] }, { method: 'PUT', headers }).allowed).toBe(true);
    expect(verdictFor(fixed, { method: 'PUT', headers })).toMatchObject({
      allowed: false,
      corsError: 'HeaderDisallowedByPreflightResponse',
      failedParameter: 'x-request-id',
    });
  });

  it('optionsSuccessStatus sets the preflight status; exposedHeaders and maxAge are sent', () => {
    const allowlist = {
      origin: [app],
      optionsSuccessStatus: 200,
      exposedHeaders: ['X-Total-Count'],
      maxAge: 600,
    };
    const preflight = simulateAllowlist(allowlist, put, 'preflight');
    expect(preflight.status).toBe(200);
    expect(header(preflight, 'access-control-max-age')).toBe('600');
    expect(header(preflight, 'content-length')).toBe('0');
    expect(simulateAllowlist({ origin: [app] }, put, 'preflight').status).toBe(204);
    expect(header(simulateAllowlist(allowlist, get, 'actual'), 'access-control-expose-headers')).toBe(
      'X-Total-Count',
    );
  });

  it('a synchronous origin function decides; answering false skips CORS like origin: false', () => {
    const allowlist = { origin: (origin: string | undefined) => origin === app, credentials: true };
    expect(header(simulateAllowlist(allowlist, get, 'actual'), 'access-control-allow-origin')).toBe(app);
    expect(simulateAllowlist(allowlist, { ...get, origin: 'https://evil.test' }, 'actual')).toEqual({
      status: 200,
      headers: [],
    });
  });

  it('refuses an origin function that answers with a Promise (cors would treat it as "allow all")', () => {
    const allowlist = { origin: (async () => false) as unknown as () => boolean };
    expect(() => simulateAllowlist(allowlist, get, 'actual')).toThrow(
      /origin function returned a Promise .* origin: \(origin\) => origin === 'https:\/\/app\.example\.com'/,
    );
  });

  it('reports an origin function that throws, naming the origin', () => {
    const allowlist = {
      origin: () => {
        throw new Error('boom');
      },
    };
    expect(() => simulateAllowlist(allowlist, get, 'actual')).toThrow(
      /origin check failed for origin "https:\/\/app\.example\.com": Error: boom/,
    );
  });
});

describe('assessOrigins on a declared allowlist', () => {
  const assess = async (allowlist: CorsAllowlist, localOrigin?: string) =>
    assessOrigins(allowlistResponder(allowlist), {
      productionOrigin: app,
      ...(localOrigin ? { localOrigin } : {}),
    });
  const summary = (findings: readonly { id: OriginFindingId; severity: string; origin: string }[]) =>
    findings.map(({ id, severity, origin }) => `${severity} ${id} ${origin}`);

  it('crafts look-alikes from the production host and its registrable domain', () => {
    expect(craftOrigins(app, 'http://localhost:5173').map(({ origin }) => origin)).toEqual([
      app,
      'http://localhost:5173',
      'null',
      'https://cors-dev-proxy-probe.invalid',
      'http://app.example.com',
      'https://app.example.com.evil.test',
      'https://evilexample.com',
      'https://evil-example.com',
      'https://appxexample.com',
      'https://evilapp.example.com',
      'https://evil.example.com',
    ]);
    expect(craftOrigins('https://shop.example.co.uk:8443').map(({ origin }) => origin)).toContain(
      'https://evilexample.co.uk:8443',
    );
    // An IP address has no look-alikes.
    expect(craftOrigins('https://10.0.0.1')).toHaveLength(4);
  });

  it('a strict allowlist has nothing above info; the local origin needs the proxy', async () => {
    const { findings } = await assess({ origin: app, credentials: true }, 'http://localhost:5173');
    expect(summary(findings)).toEqual(['info local-origin-not-admitted http://localhost:5173']);
  });

  it('reflecting any origin with credentials is one critical finding naming every echoed origin', async () => {
    const { findings } = await assess({ origin: true, credentials: true });
    expect(summary(findings)).toEqual(['critical reflects-any-origin https://cors-dev-proxy-probe.invalid']);
    expect(findings[0]?.detail).toContain('null, http://app.example.com');
    expect(findings[0]?.detail).toContain('PUT with a JSON body');
  });

  it('trusting "null" is high without credentials', async () => {
    const { findings } = await assess({ origin: [app, 'null'] });
    expect(summary(findings)).toEqual(['high null-origin-admitted null']);
    expect(findings[0]).toMatchObject({ admitted: true, withCredentials: false });
    expect(findings[0]?.detail).toContain('lets a PUT with a JSON body through (without cookies)');
  });

  it('says nothing about writes when the preflight refuses the PUT', async () => {
    const { findings } = await assess({ origin: true, methods: ['GET', 'POST'] });
    expect(summary(findings)).toEqual(['high reflects-any-origin https://cors-dev-proxy-probe.invalid']);
    expect(findings[0]?.detail).not.toContain('PUT');
  });

  it('an unescaped dot in an anchored RegExp admits a domain anyone can register', async () => {
    const { findings } = await assess({ origin: /^https:\/\/app.example.com$/, credentials: true });
    expect(summary(findings)).toEqual(['critical lookalike-origin-admitted https://appxexample.com']);
    expect(findings[0]?.fix).toContain(String.raw`/^https:\/\/app\.example\.com$/`);
    // The fixed pattern admits the app and refuses the look-alike.
    const fixed = /^https:\/\/app\.example\.com$/;
    expect([fixed.test(app), fixed.test('https://appxexample.com')]).toEqual([true, false]);
  });

  it('trusting every subdomain over https only', async () => {
    const { findings } = await assess({ origin: /^https:\/\/([a-z]+\.)?example\.com$/ });
    expect(summary(findings)).toEqual(['high subdomain-admitted https://evil.example.com']);
  });

  it('admitting localhost in production is high with credentials', async () => {
    const { findings } = await assess(
      { origin: [app, 'http://localhost:5173'], credentials: true },
      'http://localhost:5173',
    );
    expect(summary(findings)).toEqual(['high local-origin-admitted http://localhost:5173']);
    expect(findings[0]?.detail).toContain('without the proxy, cookies included');
  });

  it('* is low (and says that credentials cannot work with it); the production origin gets in', async () => {
    const { findings } = await assess({ origin: '*', credentials: true }, 'http://localhost:5173');
    expect(summary(findings)).toEqual([
      'low wildcard-origin https://cors-dev-proxy-probe.invalid',
      'info local-origin-wildcard http://localhost:5173',
    ]);
    expect(findings[0]?.detail).toContain('WildcardOriginNotAllowed');
  });

  it('an allowlist without the production origin is an info finding', async () => {
    const { findings } = await assess({ origin: ['https://other.example.net'] });
    expect(summary(findings)).toEqual(['info production-origin-not-admitted https://app.example.com']);
  });
});
