/**
 * Snippets for the JavaScript and TypeScript backends: Express, Fastify and NestJS (the `cors` package's
 * options), Koa and Hono (their own middleware, which share option names), and Next.js (headers set by hand).
 * Each snippet is a template literal shaped like its output; the policy-dependent lines come from `lines()`.
 */
import type { FixPolicy } from './fix-policy.js';
import {
  allowsAnyHeader,
  hasOneFixedOrigin,
  js,
  jsOrigin,
  lines,
  list,
  namedHeaders,
  originPatterns,
  type Renderer,
} from './snippet-literals.js';

/** Where a library that reflects by default is told nothing, so every header the page asks for is echoed. */
const reflectedHeadersNote = (indent: string, option: string) =>
  `${indent}// ${option} left out: every header the page asks for is allowed, as the server allows now.`;

/** Options of the `cors` package, shared by Express, @fastify/cors and NestJS's `enableCors`. */
function corsPackageOptions(policy: FixPolicy, indent: string): string {
  // The `cors` package takes an array of strings and RegExps, echoes the matching origin and adds Vary.
  const origin = hasOneFixedOrigin(policy)
    ? jsOrigin(policy.origins[0] as string)
    : `[${policy.origins.map(jsOrigin).join(', ')}]`;
  return lines(
    `${indent}origin: ${origin},`,
    policy.credentials && `${indent}credentials: true,`,
    policy.methods.length > 0 && `${indent}methods: [${list(policy.methods, js)}],`,
    allowsAnyHeader(policy)
      ? reflectedHeadersNote(indent, 'allowedHeaders')
      : policy.allowedHeaders.length > 0 && `${indent}allowedHeaders: [${list(policy.allowedHeaders, js)}],`,
    policy.exposedHeaders.length > 0 && `${indent}exposedHeaders: [${list(policy.exposedHeaders, js)}],`,
  );
}

/**
 * `const allowedOrigins = [...]` and the test of one origin against it, for snippets that echo by hand; with
 * RegExps among them, an `isAllowedOrigin` helper (`typescript` types its parameter).
 */
function originAllowlist(
  policy: FixPolicy,
  value: string,
  typescript = false,
): { declaration: string; test: string } {
  const origins = `const allowedOrigins = [${policy.origins.map(jsOrigin).join(', ')}];`;
  if (originPatterns(policy).length === 0) {
    return { declaration: origins, test: `allowedOrigins.includes(${value})` };
  }
  const helper = `\
const isAllowedOrigin = (origin${typescript ? ': string' : ''}) =>
  allowedOrigins.some((allowed) => (typeof allowed === 'string' ? allowed === origin : allowed.test(origin)));`;
  return { declaration: `${origins}\n${helper}`, test: `isAllowedOrigin(${value})` };
}

/** Options of @koa/cors and hono/cors, which share their names; `origin` is the line that differs. */
function koaStyleOptions(policy: FixPolicy, origin: string): string {
  return lines(
    `    origin: ${origin},`,
    policy.credentials && '    credentials: true,',
    policy.methods.length > 0 && `    allowMethods: [${list(policy.methods, js)}],`,
    allowsAnyHeader(policy)
      ? reflectedHeadersNote('    ', 'allowHeaders')
      : policy.allowedHeaders.length > 0 && `    allowHeaders: [${list(policy.allowedHeaders, js)}],`,
    policy.exposedHeaders.length > 0 && `    exposeHeaders: [${list(policy.exposedHeaders, js)}],`,
  );
}

export const renderExpress: Renderer = (policy) => `\
// Express, with the cors package (npm i cors): right after \`const app = express()\`, before your routes
// and auth middleware, so it answers the OPTIONS preflight and error responses carry the headers too.
import cors from 'cors';

app.use(
  cors({
${corsPackageOptions(policy, '    ')}
  }),
);`;

export const renderFastify: Renderer = (policy) => `\
// Fastify, with @fastify/cors (npm i @fastify/cors): register it before your auth hooks and routes; its
// onRequest hook then answers the OPTIONS preflight before auth runs.
import cors from '@fastify/cors';

await app.register(cors, {
${corsPackageOptions(policy, '  ')}
});`;

export const renderNest: Renderer = (policy) => `\
// NestJS, src/main.ts: enableCors() (the cors package underneath) runs before guards, so it answers the
// OPTIONS preflight before auth.
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({
${corsPackageOptions(policy, '    ')}
  });
  await app.listen(process.env.PORT ?? 3000);
}
bootstrap();`;

export const renderKoa: Renderer = (policy) => {
  // @koa/cors takes one origin string; several go through its function form, whose falsy answer sends no
  // CORS headers (it adds Vary: Origin itself).
  const allowlist = !hasOneFixedOrigin(policy) && originAllowlist(policy, "ctx.get('Origin')");
  const origin = allowlist
    ? `(ctx) => (${allowlist.test} ? ctx.get('Origin') : '')`
    : jsOrigin(policy.origins[0] as string);
  return `\
// Koa, with @koa/cors (npm i @koa/cors): app.use() it before your router and auth middleware, so it
// answers the OPTIONS preflight. \`origin\` takes one origin string (or a function of ctx).
import cors from '@koa/cors';
${allowlist ? `\n${allowlist.declaration}\n` : ''}
app.use(
  cors({
${koaStyleOptions(policy, origin)}
  }),
);`;
};

export const renderHono: Renderer = (policy) => {
  // hono/cors takes a string, an array of strings, or a function returning the origin to send.
  const patterns = originPatterns(policy).length > 0;
  const allowlist = patterns && originAllowlist(policy, 'origin', true);
  const origin = allowlist
    ? `(origin) => (${allowlist.test} ? origin : null)`
    : hasOneFixedOrigin(policy)
      ? jsOrigin(policy.origins[0] as string)
      : `[${policy.origins.map(jsOrigin).join(', ')}]`;
  return `\
// Hono, with its built-in hono/cors middleware: before your routes and auth middleware, so it answers the
// OPTIONS preflight. Put the path of your API in place of /api/*.
import { cors } from 'hono/cors';
${allowlist ? `\n${allowlist.declaration}\n` : ''}
app.use(
  '/api/*',
  cors({
${koaStyleOptions(policy, origin)}
  }),
);`;
};

/**
 * Next.js has no CORS option, so the snippet sets the headers itself in proxy.ts (middleware.ts before 16),
 * which runs before route handlers; a default export works under both file names. The preflight reuses
 * `corsHeaders`: Chromium ignores Access-Control-Expose-Headers there, and one record reads simpler than two.
 * With several allowed origins the request's origin is echoed when listed, with `Vary: Origin` for caches.
 */
export function renderNext(policy: FixPolicy): string {
  const header = (indent: string, name: string, value: string) => `${indent}${js(name)}: ${js(value)},`;
  const allowlist = !hasOneFixedOrigin(policy) && originAllowlist(policy, 'origin', true);
  // `*` in Access-Control-Allow-Headers is literal with credentials, so any header is then echoed instead.
  const echoHeaders = allowsAnyHeader(policy) && policy.credentials;
  const allowHeaders = echoHeaders ? namedHeaders(policy) : policy.allowedHeaders;
  const needsRequest = policy.preflight || Boolean(allowlist);
  const headersName = allowlist ? 'headers' : 'corsHeaders';
  const preflight = `\
  if (request.method === 'OPTIONS') {
    return new NextResponse(null, {
      status: 204,
      headers: {
${lines(
  `        ...${headersName},`,
  policy.methods.length > 0 && header('        ', 'Access-Control-Allow-Methods', policy.methods.join(', ')),
  echoHeaders
    ? `        // Every header the page asks for, as the server allows now.\n        'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? '',`
    : allowHeaders.length > 0 && header('        ', 'Access-Control-Allow-Headers', allowHeaders.join(', ')),
)}
      },
    });
  }
`;
  const fixedHeaders = lines(
    !allowlist && header('  ', 'Access-Control-Allow-Origin', policy.origins[0] as string),
    policy.credentials && header('  ', 'Access-Control-Allow-Credentials', 'true'),
    policy.exposedHeaders.length > 0 &&
      header('  ', 'Access-Control-Expose-Headers', policy.exposedHeaders.join(', ')),
  );
  const echoOrigin =
    allowlist &&
    `\
  const origin = request.headers.get('origin') ?? '';
  const headers: Record<string, string> = ${allowlist.test}
    ? { 'Access-Control-Allow-Origin': origin, ${fixedHeaders ? '...corsHeaders, ' : ''}Vary: 'Origin' }
    : { Vary: 'Origin' };
`;
  return `\
// Next.js: proxy.ts next to app/ (middleware.ts before Next.js 16); it runs before your route handlers,
// so it answers the OPTIONS preflight. Set \`matcher\` to the path of your API.
import { ${needsRequest ? 'type NextRequest, ' : ''}NextResponse } from 'next/server';
${allowlist ? `\n${allowlist.declaration}\n` : ''}${fixedHeaders ? `\nconst corsHeaders = {\n${fixedHeaders}\n};\n` : ''}
export default function cors(${needsRequest ? 'request: NextRequest' : ''}) {
${echoOrigin || ''}\
${policy.preflight ? preflight : ''}\
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(${headersName})) response.headers.set(name, value);
  return response;
}

export const config = { matcher: '/api/:path*' };`;
}
