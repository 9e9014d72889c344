import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { formatAuditWarning } from '../../src/audit/audit-message.js';
import { declaredServerPolicy } from '../../src/audit/declared-server-policy.js';
import { judgeShape } from '../../src/audit/judge-shape.js';
import type { RequestShape } from '../../src/audit/request-shape.js';
import { resolveOptions } from '../../src/config/resolve-options.js';
import { evaluateCors } from '../../src/cors/evaluate.js';
import { computeFix } from '../../src/cors/fix.js';
import { type FrameworkName, frameworkNames } from '../../src/cors/fix-policy.js';
import { readServerPolicy } from '../../src/cors/server-policy.js';
import type { CorsHop, CorsRequest, HeaderLine } from '../../src/cors/types.js';

// Issue 10: a server already allowing GET, POST, PUT, the header X-A and https://a.example; a page on
// https://app.example that needs PATCH and X-B. The fix must add to that policy, never replace it.
const page = 'https://app.example';
const url = 'https://api.example/orders/1';
const request: CorsRequest = {
  url,
  method: 'PATCH',
  headers: [['X-B', '1']],
  credentials: 'same-origin',
  initiator: 'fetch',
};
const serverAnswer = (headers: readonly HeaderLine[]): CorsHop[] => [
  { url, preflight: { status: 204, headers } },
];
const issueHops = serverAnswer([
  ['Access-Control-Allow-Origin', 'https://a.example'],
  ['Access-Control-Allow-Methods', 'GET, POST, PUT'],
  ['Access-Control-Allow-Headers', 'X-A'],
]);

function fixFor(
  hops: readonly CorsHop[],
  framework?: FrameworkName,
  corsRequest: CorsRequest = request,
  pageOrigin = page,
) {
  const { verdict } = evaluateCors({ pageOrigin, request: corsRequest, hops });
  return computeFix(pageOrigin, corsRequest, verdict, framework, readServerPolicy(hops));
}

const javascriptFrameworks = new Set<FrameworkName>([
  'express',
  'fastify',
  'nestjs',
  'koa',
  'hono',
  'nextjs',
]);
const extensions: Record<FrameworkName, string> = {
  express: 'js',
  fastify: 'js',
  nestjs: 'ts.txt',
  koa: 'js',
  hono: 'ts.txt',
  nextjs: 'ts.txt',
  django: 'py',
  flask: 'py',
  fastapi: 'py',
  spring: 'java',
  aspnetcore: 'cs',
  go: 'go',
  nginx: 'conf',
};

/** Every string literal in a JS/TS snippet, from its syntax tree (comments cannot satisfy the test). */
function javascriptStrings(code: string): string[] {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every double-quoted string outside comments in a Python, Java, C#, Go or nginx snippet. */
function quotedStrings(code: string): string[] {
  const uncommented = code
    .split('\n')
    .filter((line) => !/^\s*(#|\/\/)/.test(line))
    .join('\n');
  return [...uncommented.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] as string);
}

/** The items a snippet names in its code: each literal, and each item of a comma-separated header value. */
function namedItems(framework: FrameworkName, code: string): Set<string> {
  const strings = javascriptFrameworks.has(framework) ? javascriptStrings(code) : quotedStrings(code);
  return new Set(strings.flatMap((value) => [value, ...value.split(',').map((item) => item.trim())]));
}

describe('every framework snippet keeps what the server already allowed', () => {
  for (const framework of frameworkNames) {
    it(`${framework}: the old and the new methods, headers and origins`, () => {
      const fix = fixFor(issueHops, framework);
      const code = fix.snippet?.code ?? '';
      const items = namedItems(framework, code);
      for (const kept of ['GET', 'POST', 'PUT', 'x-a', 'https://a.example']) expect(items).toContain(kept);
      for (const added of ['PATCH', 'x-b', page]) expect(items).toContain(added);
      // Nothing wider than the request needs: no wildcard origin, methods or headers.
      expect(items).not.toContain('*');
    });

    it(`${framework}: golden file for the issue's server and page`, async () => {
      await expect(fixFor(issueHops, framework).snippet?.code).toMatchFileSnapshot(
        `./__golden__/${framework}-keeps-server.${extensions[framework]}`,
      );
    });
  }

  it("keeps the server's order and appends what the request needs", () => {
    const { policy, preflightHeaders } = fixFor(issueHops);
    expect(policy.methods).toEqual(['GET', 'POST', 'PUT', 'PATCH']);
    expect(policy.allowedHeaders).toEqual(['x-a', 'x-b']);
    expect(policy.origins).toEqual(['https://a.example', page]);
    expect(preflightHeaders).toMatchObject({
      'Access-Control-Allow-Origin': page,
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH',
      'Access-Control-Allow-Headers': 'x-a, x-b',
    });
  });

  it('says what it added and what it kept', () => {
    expect(fixFor(issueHops).policyChange).toBe(
      "Keeps the server's policy, as read from the preflight response: adds PATCH to the methods the server already allows (GET, POST, PUT); adds x-b to the request headers the server already allows (x-a); adds https://app.example to the origins the server already allows (https://a.example, as far as its answers show).",
    );
  });

  it('dedupes header names case-insensitively, methods exactly (Chromium matches methods case-sensitively)', () => {
    const hops = serverAnswer([
      ['Access-Control-Allow-Origin', page],
      ['Access-Control-Allow-Methods', 'patch, PUT'],
      ['Access-Control-Allow-Headers', 'X-B, X-A'],
    ]);
    const { policy, policyChange } = fixFor(hops);
    expect(policy.methods).toEqual(['patch', 'PUT', 'PATCH']);
    expect(policy.allowedHeaders).toEqual(['x-b', 'x-a']);
    expect(policy.origins).toEqual([page]);
    expect(policyChange).toContain('keeps the request headers the server already allows (x-b, x-a)');
    expect(policyChange).toContain(
      'keeps the origins the server already allows (https://app.example, as far as its answers show)',
    );
  });

  it("keeps the actual response's exposed headers and credentials", () => {
    const get: CorsRequest = { ...request, method: 'GET', headers: [], credentials: 'same-origin' };
    const hops: CorsHop[] = [
      {
        url,
        response: {
          status: 200,
          headers: [
            ['Access-Control-Allow-Origin', 'https://a.example'],
            ['Access-Control-Allow-Credentials', 'true'],
            ['Access-Control-Expose-Headers', 'X-Total-Count'],
          ],
        },
      },
    ];
    const fix = fixFor(hops, 'express', get);
    expect(fix.policy).toMatchObject({
      origins: ['https://a.example', page],
      credentials: true,
      exposedHeaders: ['X-Total-Count'],
    });
    expect(fix.snippet?.code).toContain("exposedHeaders: ['X-Total-Count']");
    expect(fix.policyChange).toContain('keeps Access-Control-Allow-Credentials: true');
  });
});

describe('wildcards keep their meaning and are never added', () => {
  const anyOrigin = serverAnswer([
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Allow-Methods', 'GET, POST'],
    ['Access-Control-Allow-Headers', '*'],
  ]);

  it("keeps '*' without credentials, naming Authorization which Chromium's '*' never covers", () => {
    const withAuthorization: CorsRequest = {
      ...request,
      headers: [
        ['Authorization', 'Bearer x'],
        ['X-B', '1'],
      ],
    };
    const fix = fixFor(anyOrigin, 'express', withAuthorization);
    expect(fix.policy.origins).toEqual(['*']);
    expect(fix.policy.allowedHeaders).toEqual(['*', 'authorization']);
    expect(fix.policy.methods).toEqual(['GET', 'POST', 'PATCH']);
    expect(fix.responseHeaders).toEqual({ 'Access-Control-Allow-Origin': '*' });
    expect(fix.snippet?.code).toContain("origin: '*',");
    expect(fix.policyChange).toContain(
      'keeps Access-Control-Allow-Origin: * (any origin, without credentials)',
    );
  });

  it("with credentials '*' is a literal name: names the page's origin and the needed items instead", () => {
    const credentialed: CorsRequest = { ...request, credentials: 'include' };
    for (const framework of frameworkNames) {
      const fix = fixFor(anyOrigin, framework, credentialed);
      expect(fix.policy.origins).toEqual([page]);
      expect(fix.policy.allowedHeaders).toEqual(['x-b']);
      expect(namedItems(framework, fix.snippet?.code ?? '')).not.toContain('*');
    }
    const { policyChange } = fixFor(anyOrigin, undefined, credentialed);
    expect(policyChange).toContain(
      "lists the request headers (x-b) instead of the server's *, a literal name for requests with credentials",
    );
    expect(policyChange).toContain(
      `names ${page} instead of the server's *, which never allows a request with credentials`,
    );
  });

  it("a server sending '*' and credentials keeps '*' for requests without them", () => {
    const both = serverAnswer([
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Methods', 'GET'],
    ]);
    expect(fixFor(both).policy).toMatchObject({ origins: ['*'], credentials: false });
  });

  it('never widens a server that named its origins', () => {
    for (const framework of frameworkNames) {
      expect(namedItems(framework, fixFor(issueHops, framework).snippet?.code ?? '')).not.toContain('*');
    }
  });
});

describe('what is read from the responses', () => {
  it('nothing known (no CORS header on the preflight): the fix is what the request needs, as before', () => {
    const bare = serverAnswer([['Allow', 'GET, POST, PUT']]);
    expect(readServerPolicy(bare)).toBeUndefined();
    const fix = fixFor(bare, 'express');
    expect(fix.policy).toEqual({
      origins: [page],
      credentials: false,
      methods: ['PATCH'],
      allowedHeaders: ['x-b'],
      exposedHeaders: [],
      preflight: true,
    });
    expect(fix.policyChange).toBeUndefined();
  });

  it('ignores values Chromium ignores: a redirected preflight, a null or malformed origin', () => {
    expect(
      readServerPolicy([
        {
          url,
          preflight: {
            status: 302,
            headers: [
              ['Location', 'https://api.example/login'],
              ['Access-Control-Allow-Methods', 'PUT'],
            ],
          },
        },
      ]),
    ).toBeUndefined();
    expect(
      readServerPolicy(
        serverAnswer([
          ['Access-Control-Allow-Origin', 'null'],
          ['Access-Control-Allow-Methods', 'PUT'],
        ]),
      ),
    ).toEqual({ source: 'the preflight response', methods: ['PUT'] });
    expect(readServerPolicy(issueHops)).toMatchObject({ origins: ['https://a.example'], originsSeen: true });
    expect(
      readServerPolicy(
        serverAnswer([['Access-Control-Allow-Origin', 'https://a.example/, https://b.example']]),
      ),
    ).toBeUndefined();
  });

  it('reads the last URL the server answered at', () => {
    const hops: CorsHop[] = [
      { url, response: { status: 307, headers: [['Location', 'https://api.example/v2']] } },
      {
        url: 'https://api.example/v2',
        preflight: { status: 204, headers: [['Access-Control-Allow-Origin', 'https://b.example']] },
      },
    ];
    expect(readServerPolicy(hops)?.origins).toEqual(['https://b.example']);
  });
});

describe('the declared allowlist (the cors package option shape)', () => {
  it("includes the cors package's defaults: any origin, its method list, every requested header", () => {
    expect(declaredServerPolicy({})).toEqual({
      source: 'production.allowlist',
      origins: ['*'],
      methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
      reflectsRequestHeaders: true,
    });
  });

  it('reads strings, arrays, RegExps, booleans and functions', () => {
    const pattern = /^https:\/\/[a-z]+\.example\.com$/;
    expect(
      declaredServerPolicy({
        origin: ['https://a.example', pattern, '*'],
        methods: 'GET,POST, PUT',
        allowedHeaders: ['X-A'],
        exposedHeaders: 'x-total-count',
        credentials: true,
      }),
    ).toEqual({
      source: 'production.allowlist',
      origins: ['https://a.example', pattern],
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: ['x-a'],
      exposedHeaders: ['x-total-count'],
      credentials: true,
    });
    expect(declaredServerPolicy({ origin: true }).originRule).toBe('reflect');
    expect(declaredServerPolicy({ origin: () => true }).originRule).toBe('function');
    expect(declaredServerPolicy({ origin: false }).origins).toEqual([]);
  });

  it('does not copy the reflection of every origin with credentials into the advice', () => {
    const { verdict } = evaluateCors({
      pageOrigin: page,
      request: { ...request, credentials: 'include' },
      hops: [],
    });
    const fix = computeFix(
      page,
      { ...request, credentials: 'include' },
      verdict,
      'express',
      declaredServerPolicy({ origin: true, credentials: true, methods: ['GET', 'PUT'] }),
    );
    expect(fix.policy.origins).toEqual([page]);
    expect(fix.snippet?.code).toContain(`origin: '${page}',`);
    expect(fix.policyChange).toContain('instead of echoing every origin as the server does (origin: true)');
  });

  it('keeps a declared RegExp in JavaScript snippets and names it in the others', () => {
    const pattern = /^https:\/\/[a-z]+\.example\.com$/;
    const server = declaredServerPolicy({ origin: ['https://a.example', pattern], methods: ['GET', 'PUT'] });
    const { verdict } = evaluateCors({ pageOrigin: page, request, hops: [] });
    const express = computeFix(page, request, verdict, 'express', server).snippet?.code;
    expect(express).toContain(`origin: ['https://a.example', ${pattern}, '${page}'],`);
    const django = computeFix(page, request, verdict, 'django', server).snippet?.code;
    expect(django).toContain(`CORS_ALLOWED_ORIGINS = ["https://a.example", "${page}"]`);
    expect(django).toContain(String(pattern));
  });
});

describe('the production audit warning', () => {
  // The issue's server, declared: the audit judges against it and the warning's snippet must keep it.
  const { routes, production } = resolveOptions({
    routes: { '/api': 'https://api.example' },
    production: {
      origin: page,
      allowlist: {
        origin: 'https://a.example',
        methods: ['GET', 'POST', 'PUT'],
        allowedHeaders: ['X-A'],
      },
      probe: false,
      framework: 'express',
    },
  });
  const shape: RequestShape = {
    key: 'PATCH /api/orders/:id [x-b]',
    prefix: '/api',
    method: 'PATCH',
    pathPattern: '/api/orders/:id',
    examplePath: '/api/orders/1',
    unsafeHeaders: ['x-b'],
    pageHeaders: [['x-b', '1']],
    credentials: false,
    credentialsFrom: 'page',
  };

  it('keeps the declared allowlist in the Fix and says so', async () => {
    const judgement = await judgeShape(shape, routes[0]!, production!);
    const warning = formatAuditWarning(judgement, production!);
    expect(warning).toContain('Access-Control-Allow-Methods: GET, POST, PUT, PATCH');
    expect(warning).toContain(
      "Keeps the server's policy, as read from production.allowlist: adds PATCH to the methods the server already allows (GET, POST, PUT)",
    );
    expect(warning).toContain("origin: ['https://a.example', 'https://app.example'],");
    expect(warning).toContain("methods: ['GET', 'POST', 'PUT', 'PATCH'],");
    expect(warning).toContain("allowedHeaders: ['x-a', 'x-b'],");
  });
});

describe('the shapes a kept policy takes still parse', () => {
  /** Syntax errors only: the snippets use an `app` they do not declare, which is the user's. */
  const syntaxErrors = (code: string, fileName: string) =>
    (
      ts.transpileModule(code, {
        fileName,
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).diagnostics ?? []
    ).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  const credentialed: CorsRequest = { ...request, credentials: 'include' };
  const { verdict } = evaluateCors({ pageOrigin: page, request: credentialed, hops: [] });
  const servers = {
    'several origins and a RegExp, any header with credentials': declaredServerPolicy({
      origin: ['https://a.example', /^https:\/\/[a-z]+\.example\.com$/],
      credentials: true,
      exposedHeaders: ['x-total-count'],
    }),
    'several origins, no other fixed header': declaredServerPolicy({
      origin: ['https://a.example'],
      allowedHeaders: 'x-a',
    }),
  };
  for (const framework of javascriptFrameworks) {
    it(`${framework}`, () => {
      for (const [name, server] of Object.entries(servers)) {
        const corsRequest = name.includes('credentials') ? credentialed : request;
        const code = computeFix(page, corsRequest, verdict, framework, server).snippet?.code ?? '';
        const fileName = `snippet.${extensions[framework].replace('.txt', '')}`;
        expect(syntaxErrors(code, fileName), `${name}:\n${code}`).toEqual([]);
        expect(namedItems(framework, code)).toContain('https://a.example');
        expect(namedItems(framework, code)).toContain(page);
      }
    });
  }
});
