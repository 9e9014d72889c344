/**
 * Backend code that makes one `FixPolicy` pass in Chromium, written with each ecosystem's standard CORS
 * mechanism (the `cors` package, django-cors-headers, Spring's CorsRegistry…). Pure string building: the
 * snippets are what users paste, so each renderer emits only the options the policy needs, in the library's
 * own option names, and says in a comment where the code goes.
 *
 * Library behaviour these renderers rely on (checked against the libraries' sources):
 * - Only Spring, rs/cors, flask-cors and Starlette (FastAPI) *enforce* their method list; the others just
 *   echo it in `Access-Control-Allow-Methods`, where Chromium never needs GET, HEAD or POST. So the
 *   safelisted methods are added to the list only for the enforcing four (`withSafelistedMethods`).
 * - Starlette's default `allow_methods` is `("GET",)` and it checks it on every preflight, so FastAPI needs
 *   the list whenever a preflight happens, even for a POST whose only trigger is a header.
 * - The policy's origin is always one exact origin, so no snippet reflects it and none needs its own
 *   `Vary: Origin` (the libraries that reflect from an allowlist add it themselves).
 */
import type { FixPolicy, FrameworkName } from './fix-policy.js';

type Renderer = (policy: FixPolicy) => string;

/**
 * A snippet for `framework` that makes exactly `policy` pass: the exact origin (never `*`), credentials only
 * when asked for, and the preflight answered before authentication runs.
 *
 * @example
 * renderFrameworkSnippet('express', { origin: 'https://app.example.com', credentials: true, methods: ['PUT'],
 *   allowedHeaders: [], exposedHeaders: [], preflight: true });
 */
export function renderFrameworkSnippet(framework: FrameworkName, policy: FixPolicy): string {
  // The FixPolicy contract: computeFix always names the page's origin. `*` would be wrong advice (it fails
  // with credentials and opens the API to every site), so a caller passing it has a bug.
  if (policy.origin.trim() === '*') {
    throw new TypeError(`renderFrameworkSnippet: policy.origin must be one exact origin, not '*'.`);
  }
  return `${renderers[framework](policy)}\n`;
}

// ---- Literals ----------------------------------------------------------------------------------------------

/**
 * A single-quoted JavaScript string, the repository's Biome style, so the golden files stay as rendered.
 * JSON.stringify does the escaping; only the quote character changes.
 */
function js(value: string): string {
  const body = JSON.stringify(value).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${body}'`;
}

/**
 * A double-quoted string literal for Python, Java, C# and Go: all four read JSON's escapes (`\"`, `\\`, `\n`,
 * `\uXXXX`) the same way. Origins are serialized ASCII and methods and header names are HTTP tokens, so in
 * practice nothing needs escaping; this only keeps a malformed value from breaking out of the string.
 */
function dq(value: string): string {
  return JSON.stringify(value);
}

/**
 * An nginx double-quoted argument: `"` and `\` are escaped. A `$` would start a variable and nginx has no
 * escape for it; it cannot occur in an origin and, though legal in a header-name token, is not seen in practice.
 */
function nginxString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

const list = (values: readonly string[], quote: (value: string) => string) => values.map(quote).join(', ');

/** Joins the lines that are present; `false` and `undefined` mark an option the policy does not need. */
function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((part) => typeof part === 'string').join('\n');
}

const safelistedMethods = ['GET', 'HEAD', 'POST'];

/** For libraries whose method list replaces a default that held GET/HEAD/POST and is enforced. */
function withSafelistedMethods(methods: readonly string[]): string[] {
  return [...new Set([...safelistedMethods, ...methods])];
}

// ---- JavaScript / TypeScript -------------------------------------------------------------------------------
// Each snippet is a template literal shaped like its output; the policy-dependent lines come from `lines()`.

/** Options of the `cors` package, shared by Express, @fastify/cors and NestJS's `enableCors`. */
function corsPackageOptions(policy: FixPolicy, indent: string): string {
  return lines(
    `${indent}origin: ${js(policy.origin)},`,
    policy.credentials && `${indent}credentials: true,`,
    policy.methods.length > 0 && `${indent}methods: [${list(policy.methods, js)}],`,
    policy.allowedHeaders.length > 0 && `${indent}allowedHeaders: [${list(policy.allowedHeaders, js)}],`,
    policy.exposedHeaders.length > 0 && `${indent}exposedHeaders: [${list(policy.exposedHeaders, js)}],`,
  );
}

/** Options of @koa/cors and hono/cors, which share their names. */
function koaStyleOptions(policy: FixPolicy): string {
  return lines(
    `    origin: ${js(policy.origin)},`,
    policy.credentials && '    credentials: true,',
    policy.methods.length > 0 && `    allowMethods: [${list(policy.methods, js)}],`,
    policy.allowedHeaders.length > 0 && `    allowHeaders: [${list(policy.allowedHeaders, js)}],`,
    policy.exposedHeaders.length > 0 && `    exposeHeaders: [${list(policy.exposedHeaders, js)}],`,
  );
}

const renderExpress: Renderer = (policy) => `\
// Express, with the cors package (npm i cors): right after \`const app = express()\`, before your routes
// and auth middleware, so it answers the OPTIONS preflight and error responses carry the headers too.
import cors from 'cors';

app.use(
  cors({
${corsPackageOptions(policy, '    ')}
  }),
);`;

const renderFastify: Renderer = (policy) => `\
// Fastify, with @fastify/cors (npm i @fastify/cors): register it before your auth hooks and routes; its
// onRequest hook then answers the OPTIONS preflight before auth runs.
import cors from '@fastify/cors';

await app.register(cors, {
${corsPackageOptions(policy, '  ')}
});`;

const renderNest: Renderer = (policy) => `\
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

const renderKoa: Renderer = (policy) => `\
// Koa, with @koa/cors (npm i @koa/cors): app.use() it before your router and auth middleware, so it
// answers the OPTIONS preflight. \`origin\` takes one origin string (or a function of ctx).
import cors from '@koa/cors';

app.use(
  cors({
${koaStyleOptions(policy)}
  }),
);`;

const renderHono: Renderer = (policy) => `\
// Hono, with its built-in hono/cors middleware: before your routes and auth middleware, so it answers the
// OPTIONS preflight. Put the path of your API in place of /api/*.
import { cors } from 'hono/cors';

app.use(
  '/api/*',
  cors({
${koaStyleOptions(policy)}
  }),
);`;

/**
 * Next.js has no CORS option, so the snippet sets the headers itself in proxy.ts (middleware.ts before 16),
 * which runs before route handlers; a default export works under both file names. The preflight reuses
 * `corsHeaders`: Chromium ignores Access-Control-Expose-Headers there, and one record reads simpler than two.
 */
function renderNext(policy: FixPolicy): string {
  const header = (indent: string, name: string, value: string) => `${indent}${js(name)}: ${js(value)},`;
  const preflight = `\
  if (request.method === 'OPTIONS') {
    return new NextResponse(null, {
      status: 204,
      headers: {
${lines(
  '        ...corsHeaders,',
  policy.methods.length > 0 && header('        ', 'Access-Control-Allow-Methods', policy.methods.join(', ')),
  policy.allowedHeaders.length > 0 &&
    header('        ', 'Access-Control-Allow-Headers', policy.allowedHeaders.join(', ')),
)}
      },
    });
  }
`;
  return `\
// Next.js: proxy.ts next to app/ (middleware.ts before Next.js 16); it runs before your route handlers,
// so it answers the OPTIONS preflight. Set \`matcher\` to the path of your API.
import { ${policy.preflight ? 'type NextRequest, ' : ''}NextResponse } from 'next/server';

const corsHeaders = {
${lines(
  header('  ', 'Access-Control-Allow-Origin', policy.origin),
  policy.credentials && header('  ', 'Access-Control-Allow-Credentials', 'true'),
  policy.exposedHeaders.length > 0 &&
    header('  ', 'Access-Control-Expose-Headers', policy.exposedHeaders.join(', ')),
)}
};

export default function cors(${policy.preflight ? 'request: NextRequest' : ''}) {
${policy.preflight ? preflight : ''}\
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(corsHeaders)) response.headers.set(name, value);
  return response;
}

export const config = { matcher: '/api/:path*' };`;
}

// ---- Python ------------------------------------------------------------------------------------------------

/** What every django-cors-headers release since 3.x allows by default (4.0 dropped a few headers, not these). */
const djangoDefaultMethods = new Set(['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
const djangoDefaultHeaders = new Set([
  'accept',
  'authorization',
  'content-type',
  'user-agent',
  'x-csrftoken',
  'x-requested-with',
]);

/**
 * django-cors-headers. Its method and header lists replace the defaults, so they extend `default_methods` /
 * `default_headers` and name only what those lack; a comment says which needs the defaults already cover.
 * The CSRF note is not CORS, but it is the next wall a cookie-authenticated cross-origin PUT hits in Django.
 */
function renderDjango(policy: FixPolicy): string {
  const extraMethods = policy.methods.filter((method) => !djangoDefaultMethods.has(method));
  const extraHeaders = policy.allowedHeaders.filter((name) => !djangoDefaultHeaders.has(name));
  const covered = [
    ...policy.methods.filter((method) => djangoDefaultMethods.has(method)),
    ...policy.allowedHeaders.filter((name) => djangoDefaultHeaders.has(name)),
  ];
  const imported = [
    ...(extraHeaders.length > 0 ? ['default_headers'] : []),
    ...(extraMethods.length > 0 ? ['default_methods'] : []),
  ];
  return lines(
    '# django-cors-headers (pip install django-cors-headers): at the end of settings.py.',
    imported.length > 0 && `from corsheaders.defaults import ${imported.join(', ')}\n`,
    `\
INSTALLED_APPS += ["corsheaders"]
# First in MIDDLEWARE, above CommonMiddleware and any auth, so it answers the OPTIONS preflight itself.
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")

CORS_ALLOWED_ORIGINS = [${dq(policy.origin)}]`,
    policy.credentials && 'CORS_ALLOW_CREDENTIALS = True',
    covered.length > 0 && `# Allowed by default already: ${covered.join(', ')}.`,
    extraMethods.length > 0 && `CORS_ALLOW_METHODS = (*default_methods, ${list(extraMethods, dq)})`,
    extraHeaders.length > 0 && `CORS_ALLOW_HEADERS = (*default_headers, ${list(extraHeaders, dq)})`,
    policy.exposedHeaders.length > 0 && `CORS_EXPOSE_HEADERS = [${list(policy.exposedHeaders, dq)}]`,
    policy.credentials &&
      `\
# With cookie sessions, Django's CSRF check on POST, PUT, PATCH and DELETE also needs the origin trusted:
# CSRF_TRUSTED_ORIGINS = [${dq(policy.origin)}]`,
  );
}

function renderFlask(policy: FixPolicy): string {
  const lowerCase = policy.methods.filter((method) => method !== method.toUpperCase());
  return lines(
    '# flask-cors (pip install flask-cors): right after `app = Flask(__name__)`.',
    policy.preflight &&
      '# A before_request auth hook must let OPTIONS through: the preflight needs a 2xx and never has cookies.',
    'from flask_cors import CORS\n',
    'CORS(',
    '    app,',
    `    origins=[${dq(policy.origin)}],`,
    policy.credentials && '    supports_credentials=True,',
    policy.methods.length > 0 &&
      `\
    # methods replaces the default list and is enforced, so it keeps GET, HEAD and POST.
    methods=[${list(withSafelistedMethods(policy.methods), dq)}],`,
    policy.allowedHeaders.length > 0 && `    allow_headers=[${list(policy.allowedHeaders, dq)}],`,
    policy.exposedHeaders.length > 0 && `    expose_headers=[${list(policy.exposedHeaders, dq)}],`,
    ')',
    lowerCase.length > 0 &&
      `# flask-cors upper-cases methods and Chromium matches them case-sensitively: send ${lowerCase.map((m) => m.toUpperCase()).join(', ')} from the page.`,
  );
}

function renderFastApi(policy: FixPolicy): string {
  return lines(
    "# FastAPI's CORSMiddleware (from Starlette, no install), in main.py: add it after any other middleware, so",
    '# it wraps them and answers the OPTIONS preflight first.',
    'from fastapi.middleware.cors import CORSMiddleware\n',
    'app.add_middleware(',
    '    CORSMiddleware,',
    `    allow_origins=[${dq(policy.origin)}],`,
    policy.credentials && '    allow_credentials=True,',
    policy.preflight &&
      `\
    # The default is ["GET"] and every preflight is checked against it.
    allow_methods=[${list(withSafelistedMethods(policy.methods), dq)}],`,
    policy.allowedHeaders.length > 0 && `    allow_headers=[${list(policy.allowedHeaders, dq)}],`,
    policy.exposedHeaders.length > 0 && `    expose_headers=[${list(policy.exposedHeaders, dq)}],`,
    ')',
  );
}

// ---- JVM, .NET, Go -----------------------------------------------------------------------------------------

function renderSpring(policy: FixPolicy): string {
  const call = (name: string, values: readonly string[]) => `                .${name}(${list(values, dq)})`;
  return `\
// Spring Boot (spring-webmvc): a @Configuration class beside your application class. With Spring Security,
// also call http.cors(Customizer.withDefaults()) so the OPTIONS preflight is answered before authentication.
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class CorsConfig implements WebMvcConfigurer {
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/**")
${lines(
  call('allowedOrigins', [policy.origin]),
  policy.methods.length > 0 &&
    '                // Replaces the default GET, HEAD, POST and is enforced, so it keeps them.',
  policy.methods.length > 0 && call('allowedMethods', withSafelistedMethods(policy.methods)),
  policy.allowedHeaders.length > 0 && call('allowedHeaders', policy.allowedHeaders),
  policy.exposedHeaders.length > 0 && call('exposedHeaders', policy.exposedHeaders),
  policy.credentials && '                .allowCredentials(true)',
)};
    }
}`;
}

function renderAspNetCore(policy: FixPolicy): string {
  const call = (name: string, values: readonly string[]) => `            .${name}(${list(values, dq)})`;
  return `\
// ASP.NET Core CORS middleware (built in), Program.cs: the policy before builder.Build(), UseCors after it.
builder.Services.AddCors(options =>
    options.AddPolicy("frontend", policy =>
        policy
${lines(
  call('WithOrigins', [policy.origin]),
  policy.methods.length > 0 && call('WithMethods', policy.methods),
  policy.allowedHeaders.length > 0 && call('WithHeaders', policy.allowedHeaders),
  policy.exposedHeaders.length > 0 && call('WithExposedHeaders', policy.exposedHeaders),
  policy.credentials && '            .AllowCredentials()',
)}));

// After UseRouting() (when you call it) and before UseAuthentication()/UseAuthorization(), so the
// OPTIONS preflight is answered before auth can reject it.
app.UseCors("frontend");`;
}

/** Go's rs/cors. Fields are aligned the way gofmt aligns a composite literal. */
function renderGo(policy: FixPolicy): string {
  const strings = (values: readonly string[]) => `[]string{${list(values, dq)}}`;
  const fields: [string, string | false][] = [
    ['AllowedOrigins', strings([policy.origin])],
    ['AllowedMethods', policy.methods.length > 0 && strings(withSafelistedMethods(policy.methods))],
    ['AllowedHeaders', policy.allowedHeaders.length > 0 && strings(policy.allowedHeaders)],
    ['ExposedHeaders', policy.exposedHeaders.length > 0 && strings(policy.exposedHeaders)],
    ['AllowCredentials', policy.credentials && 'true'],
  ];
  const present = fields.filter((field): field is [string, string] => field[1] !== false);
  const width = Math.max(...present.map(([name]) => name.length)) + 2;
  return lines(
    '// github.com/rs/cors (go get github.com/rs/cors): in main(), wrap your router so every request, the',
    '// OPTIONS preflight included, reaches it before any auth middleware.',
    'import "github.com/rs/cors"\n',
    policy.methods.length > 0 &&
      '// AllowedMethods replaces the default GET, HEAD, POST and is enforced, so it keeps them.',
    'c := cors.New(cors.Options{',
    ...present.map(([name, value]) => `\t${`${name}:`.padEnd(width)}${value},`),
    '})',
    'log.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))',
  );
}

// ---- nginx -------------------------------------------------------------------------------------------------

function renderNginx(policy: FixPolicy): string {
  const add = (indent: string, name: string, value: string) =>
    `${indent}add_header ${name} ${nginxString(value)} always;`;
  const allowOrigin = (indent: string) =>
    lines(
      add(indent, 'Access-Control-Allow-Origin', policy.origin),
      policy.credentials && add(indent, 'Access-Control-Allow-Credentials', 'true'),
    );
  const preflight = `\
    # Answer the preflight here, before the auth of the backend. add_header inside \`if\` replaces the
    # add_header lines of the location instead of adding to them, so the origin lines repeat.
    if ($request_method = OPTIONS) {
${lines(
  allowOrigin('        '),
  policy.methods.length > 0 && add('        ', 'Access-Control-Allow-Methods', policy.methods.join(', ')),
  policy.allowedHeaders.length > 0 &&
    add('        ', 'Access-Control-Allow-Headers', policy.allowedHeaders.join(', ')),
)}
        return 204;
    }

`;
  return `\
# nginx, in your server { } block: the location that proxies your API (use its real path).
location /api/ {
${policy.preflight ? preflight : ''}\
    # \`always\` adds the headers to 4xx/5xx responses too; without it nginx sends them only with 2xx/3xx,
    # and the page sees a CORS error instead of your error response.
${lines(
  allowOrigin('    '),
  policy.exposedHeaders.length > 0 &&
    add('    ', 'Access-Control-Expose-Headers', policy.exposedHeaders.join(', ')),
)}

    # If the backend sets CORS headers too, drop them (proxy_hide_header): two values fail in Chromium.
    proxy_pass http://backend;
}`;
}

const renderers: Record<FrameworkName, Renderer> = {
  express: renderExpress,
  fastify: renderFastify,
  nestjs: renderNest,
  koa: renderKoa,
  hono: renderHono,
  nextjs: renderNext,
  django: renderDjango,
  flask: renderFlask,
  fastapi: renderFastApi,
  spring: renderSpring,
  aspnetcore: renderAspNetCore,
  go: renderGo,
  nginx: renderNginx,
};
