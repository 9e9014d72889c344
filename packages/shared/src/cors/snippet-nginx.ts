/**
 * The nginx snippet: headers set with `add_header … always` in the location that proxies the API, the
 * preflight answered in an `if`. Several allowed origins go through a `map` that echoes a listed origin (and
 * `Vary: Origin`), since one header value can name only one origin.
 */
import type { FixPolicy } from './fix-policy.js';
import {
  allowsAnyHeader,
  exactOrigins,
  hasOneFixedOrigin,
  lines,
  namedHeaders,
  nginxString,
  originPatternNote,
} from './snippet-literals.js';

export function renderNginx(policy: FixPolicy): string {
  const add = (indent: string, name: string, value: string) =>
    `${indent}add_header ${name} ${nginxString(value)} always;`;
  const fixedOrigin = hasOneFixedOrigin(policy);
  // add_header skips an empty value, so an origin the map does not list gets no CORS headers at all.
  const allowOrigin = (indent: string) =>
    lines(
      fixedOrigin
        ? add(indent, 'Access-Control-Allow-Origin', policy.origins[0] as string)
        : `${indent}add_header Access-Control-Allow-Origin $cors_origin always;`,
      !fixedOrigin && add(indent, 'Vary', 'Origin'),
      policy.credentials && add(indent, 'Access-Control-Allow-Credentials', 'true'),
    );
  // `*` is literal with credentials: any header the page asks for is then echoed instead.
  const echoHeaders = allowsAnyHeader(policy) && policy.credentials;
  const allowHeaders = echoHeaders ? namedHeaders(policy) : policy.allowedHeaders;
  const preflight = `\
    # Answer the preflight here, before the auth of the backend. add_header inside \`if\` replaces the
    # add_header lines of the location instead of adding to them, so the origin lines repeat.
    if ($request_method = OPTIONS) {
${lines(
  allowOrigin('        '),
  policy.methods.length > 0 && add('        ', 'Access-Control-Allow-Methods', policy.methods.join(', ')),
  echoHeaders
    ? '        add_header Access-Control-Allow-Headers $http_access_control_request_headers always;'
    : allowHeaders.length > 0 && add('        ', 'Access-Control-Allow-Headers', allowHeaders.join(', ')),
)}
        return 204;
    }

`;
  const map =
    !fixedOrigin &&
    `\
# In the http { } block (map is not allowed inside server { }): the allowed origins, echoed back.
map $http_origin $cors_origin {
    default "";
${exactOrigins(policy)
  .map((origin) => `    ${nginxString(origin)} $http_origin;`)
  .join('\n')}
}
${originPatternNote(policy, '#') ? `${originPatternNote(policy, '#')}\n` : ''}
`;
  return `\
${map || ''}\
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
