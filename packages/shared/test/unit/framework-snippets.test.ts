import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type FixPolicy, type FrameworkName, frameworkNames } from '../../src/cors/fix-policy.js';
import { renderFrameworkSnippet } from '../../src/cors/framework-snippets.js';

const origin = 'https://app.example.com';

const policies = {
  /** A credentialed GET: no preflight, only the origin and credentials lines. */
  simple: {
    origins: [origin],
    credentials: true,
    methods: [],
    allowedHeaders: [],
    exposedHeaders: [],
    preflight: false,
  },
  complex: {
    origins: [origin],
    credentials: true,
    methods: ['PUT', 'PATCH'],
    allowedHeaders: ['authorization', 'x-request-id'],
    exposedHeaders: ['x-total-count'],
    preflight: true,
  },
  'no-credentials': {
    origins: [origin],
    credentials: false,
    methods: ['DELETE'],
    allowedHeaders: ['content-type'],
    exposedHeaders: [],
    preflight: true,
  },
} satisfies Record<string, FixPolicy>;

const policyEntries = Object.entries(policies);

// TypeScript goldens end in .ts.txt: packages/shared/tsconfig.json includes test/, and tsc would try to
// typecheck snippets that import next/server and use the user's `app`.
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

const javascriptFrameworks = ['express', 'fastify', 'nestjs', 'koa', 'hono', 'nextjs'] as const;

/** Syntax errors only: the snippets use an `app` they do not declare, which is the user's. */
function syntaxErrors(code: string, fileName: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('renderFrameworkSnippet golden files', () => {
  for (const framework of frameworkNames) {
    for (const [name, policy] of policyEntries) {
      it(`${framework} / ${name}`, async () => {
        await expect(renderFrameworkSnippet(framework, policy)).toMatchFileSnapshot(
          `./__golden__/${framework}-${name}.${extensions[framework]}`,
        );
      });
    }
  }
});

describe('JavaScript and TypeScript snippets', () => {
  // An apostrophe is legal in a header-name token, so quoting has to escape it.
  const apostrophe: FixPolicy = { ...policies.complex, allowedHeaders: ["x-o'brien"] };

  for (const framework of javascriptFrameworks) {
    it(`${framework} parses and names the origin, methods and headers`, () => {
      for (const policy of [...Object.values(policies), apostrophe]) {
        const snippet = renderFrameworkSnippet(framework, policy);
        expect(syntaxErrors(snippet, `snippet.${extensions[framework].replace('.txt', '')}`)).toEqual([]);
        expect(snippet).toContain(`'${origin}'`);
        for (const method of policy.methods) expect(snippet).toContain(method);
        for (const header of policy.allowedHeaders) expect(snippet).toContain(header.replace("'", "\\'"));
        for (const header of policy.exposedHeaders) expect(snippet).toContain(header);
      }
    });
  }
});

describe('every framework', () => {
  for (const framework of frameworkNames) {
    it(`${framework}: the exact origin, never '*', credentials only when asked for`, () => {
      for (const policy of Object.values(policies)) {
        const snippet = renderFrameworkSnippet(framework, policy);
        expect(snippet).toContain(origin);
        expect(snippet).not.toMatch(/["'`]\*["'`]|Allow-Origin\s+\*/);
        expect(/credentials/i.test(snippet)).toBe(policy.credentials);
      }
    });

    it(`${framework}: an origin with a port appears verbatim`, () => {
      const withPort = 'https://app.example.com:8443';
      expect(renderFrameworkSnippet(framework, { ...policies.complex, origins: [withPort] })).toContain(
        withPort,
      );
    });
  }

  it("refuses '*' as the origin: the policy always names one origin", () => {
    expect(() => renderFrameworkSnippet('express', { ...policies.simple, origins: ['*'] })).toThrow(
      TypeError,
    );
  });
});

describe('method lists', () => {
  it('keeps GET, HEAD and POST only where the list replaces an enforced default', () => {
    expect(renderFrameworkSnippet('express', policies.complex)).toContain("methods: ['PUT', 'PATCH']");
    expect(renderFrameworkSnippet('go', policies.complex)).toContain(
      '{"GET", "HEAD", "POST", "PUT", "PATCH"}',
    );
    expect(renderFrameworkSnippet('spring', policies.complex)).toContain(
      '.allowedMethods("GET", "HEAD", "POST", "PUT", "PATCH")',
    );
    expect(renderFrameworkSnippet('go', policies.simple)).not.toContain('AllowedMethods');
  });

  it('gives FastAPI a method list for any preflight, since Starlette allows only GET by default', () => {
    const headerOnly: FixPolicy = { ...policies['no-credentials'], methods: [] };
    expect(renderFrameworkSnippet('fastapi', headerOnly)).toContain('allow_methods=["GET", "HEAD", "POST"]');
    expect(renderFrameworkSnippet('fastapi', policies.simple)).not.toContain('allow_methods');
  });

  it('extends the django-cors-headers defaults only with what they lack', () => {
    const snippet = renderFrameworkSnippet('django', { ...policies.complex, methods: ['PURGE'] });
    expect(snippet).toContain('CORS_ALLOW_METHODS = (*default_methods, "PURGE")');
    expect(snippet).toContain('CORS_ALLOW_HEADERS = (*default_headers, "x-request-id")');
    expect(snippet).toContain('# Allowed by default already: authorization.');
  });

  it('warns that flask-cors cannot allow a lower-case method', () => {
    const snippet = renderFrameworkSnippet('flask', { ...policies.complex, methods: ['patch'] });
    expect(snippet).toContain('send PATCH from the page');
  });
});
