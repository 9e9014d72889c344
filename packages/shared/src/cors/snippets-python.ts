/** Snippets for the Python backends: django-cors-headers, flask-cors and FastAPI's (Starlette's) CORSMiddleware. */
import type { FixPolicy } from './fix-policy.js';
import {
  allowsAnyHeader,
  allowsAnyMethod,
  dq,
  exactOrigins,
  isAnyOrigin,
  lines,
  list,
  namedHeaders,
  originPatternNote,
  withSafelistedMethods,
} from './snippet-literals.js';

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
 * django-cors-headers. Its method and header lists replace the defaults: with the server's list unknown they
 * extend `default_methods` / `default_headers` and name only what those lack, and a comment says which needs
 * the defaults already cover; a list the server is known to have is written out as it is (the defaults could
 * allow more than it does). The CSRF note is not CORS, but it is the next wall a cookie-authenticated
 * cross-origin PUT hits in Django. django-cors-headers cannot echo the requested headers, so "any header"
 * with credentials falls back to the defaults plus the named ones, and says so.
 */
export function renderDjango(policy: FixPolicy): string {
  const knownMethods = policy.server?.methods !== undefined;
  const anyHeaderLost = allowsAnyHeader(policy) && policy.credentials;
  const headersKnown =
    !anyHeaderLost &&
    (policy.server?.allowedHeaders !== undefined || policy.server?.reflectsRequestHeaders === true);
  const headers = anyHeaderLost ? namedHeaders(policy) : policy.allowedHeaders;
  const extraMethods = knownMethods
    ? []
    : policy.methods.filter((method) => !djangoDefaultMethods.has(method));
  const extraHeaders = headersKnown ? [] : headers.filter((name) => !djangoDefaultHeaders.has(name));
  const covered = [
    ...(knownMethods ? [] : policy.methods.filter((method) => djangoDefaultMethods.has(method))),
    ...(headersKnown ? [] : headers.filter((name) => djangoDefaultHeaders.has(name))),
  ];
  const imported = [
    ...(extraHeaders.length > 0 || anyHeaderLost ? ['default_headers'] : []),
    ...(extraMethods.length > 0 ? ['default_methods'] : []),
  ];
  const origins = exactOrigins(policy);
  return lines(
    '# django-cors-headers (pip install django-cors-headers): at the end of settings.py.',
    imported.length > 0 && `from corsheaders.defaults import ${imported.join(', ')}\n`,
    `\
INSTALLED_APPS += ["corsheaders"]
# First in MIDDLEWARE, above CommonMiddleware and any auth, so it answers the OPTIONS preflight itself.
MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")
`,
    isAnyOrigin(policy) ? 'CORS_ALLOW_ALL_ORIGINS = True' : `CORS_ALLOWED_ORIGINS = [${list(origins, dq)}]`,
    originPatternNote(policy, '#'),
    policy.credentials && 'CORS_ALLOW_CREDENTIALS = True',
    covered.length > 0 && `# Allowed by default already: ${covered.join(', ')}.`,
    knownMethods && policy.methods.length > 0 && `CORS_ALLOW_METHODS = [${list(policy.methods, dq)}]`,
    extraMethods.length > 0 && `CORS_ALLOW_METHODS = (*default_methods, ${list(extraMethods, dq)})`,
    headersKnown && headers.length > 0 && `CORS_ALLOW_HEADERS = [${list(headers, dq)}]`,
    anyHeaderLost &&
      '# The server allows any request header; django-cors-headers cannot echo them: list the ones your pages send.',
    extraHeaders.length > 0 && `CORS_ALLOW_HEADERS = (*default_headers, ${list(extraHeaders, dq)})`,
    policy.exposedHeaders.length > 0 && `CORS_EXPOSE_HEADERS = [${list(policy.exposedHeaders, dq)}]`,
    policy.credentials &&
      `\
# With cookie sessions, Django's CSRF check on POST, PUT, PATCH and DELETE also needs the origin trusted:
# CSRF_TRUSTED_ORIGINS = [${list(origins, dq)}]`,
  );
}

/**
 * flask-cors. Its `methods` is enforced (a substring test on the joined list, so `*` matches nothing): a
 * server that allowed any method keeps flask-cors' default, which is every standard method. Its default
 * `allow_headers` already echoes any requested header.
 */
export function renderFlask(policy: FixPolicy): string {
  const lowerCase = policy.methods.filter((method) => method !== method.toUpperCase());
  const anyMethod = allowsAnyMethod(policy);
  return lines(
    '# flask-cors (pip install flask-cors): right after `app = Flask(__name__)`.',
    policy.preflight &&
      '# A before_request auth hook must let OPTIONS through: the preflight needs a 2xx and never has cookies.',
    'from flask_cors import CORS\n',
    'CORS(',
    '    app,',
    `    origins=[${list(exactOrigins(policy), dq)}],`,
    originPatternNote(policy, '    #'),
    policy.credentials && '    supports_credentials=True,',
    anyMethod && "    # methods left out: the default allows every standard method, as the server's * did.",
    !anyMethod &&
      policy.methods.length > 0 &&
      `\
    # methods replaces the default list and is enforced, so it keeps GET, HEAD and POST.
    methods=[${list(withSafelistedMethods(policy), dq)}],`,
    allowsAnyHeader(policy)
      ? '    # allow_headers left out: the default allows every header the page asks for, as the server does now.'
      : policy.allowedHeaders.length > 0 && `    allow_headers=[${list(policy.allowedHeaders, dq)}],`,
    policy.exposedHeaders.length > 0 && `    expose_headers=[${list(policy.exposedHeaders, dq)}],`,
    ')',
    lowerCase.length > 0 &&
      `# flask-cors upper-cases methods and Chromium matches them case-sensitively: send ${lowerCase.map((m) => m.toUpperCase()).join(', ')} from the page.`,
  );
}

/** Starlette reads `*` in each list as "any" and then echoes the requested headers, so it works with credentials. */
export function renderFastApi(policy: FixPolicy): string {
  return lines(
    "# FastAPI's CORSMiddleware (from Starlette, no install), in main.py: add it after any other middleware, so",
    '# it wraps them and answers the OPTIONS preflight first.',
    'from fastapi.middleware.cors import CORSMiddleware\n',
    'app.add_middleware(',
    '    CORSMiddleware,',
    `    allow_origins=[${list(exactOrigins(policy), dq)}],`,
    originPatternNote(policy, '    #'),
    policy.credentials && '    allow_credentials=True,',
    policy.preflight &&
      `\
    # The default is ["GET"] and every preflight is checked against it.
    allow_methods=[${list(allowsAnyMethod(policy) ? ['*'] : withSafelistedMethods(policy), dq)}],`,
    policy.allowedHeaders.length > 0 &&
      `    allow_headers=[${list(allowsAnyHeader(policy) ? ['*'] : policy.allowedHeaders, dq)}],`,
    policy.exposedHeaders.length > 0 && `    expose_headers=[${list(policy.exposedHeaders, dq)}],`,
    ')',
  );
}
