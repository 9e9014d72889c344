/**
 * Backend code that makes one `FixPolicy` pass in Chromium, written with each ecosystem's standard CORS
 * mechanism (the `cors` package, django-cors-headers, Spring's CorsRegistry…). Pure string building: the
 * snippets are what users paste, so each renderer emits only the options the policy needs, in the library's
 * own option names, and says in a comment where the code goes. One file per language family renders them
 * (`snippets-*.ts`, `snippet-nginx.ts`); this file is the table and the contract.
 *
 * Library behaviour these renderers rely on (checked against the libraries' sources):
 * - Only Spring, rs/cors, flask-cors and Starlette (FastAPI) *enforce* their method list; the others just
 *   echo it in `Access-Control-Allow-Methods`, where Chromium never needs GET, HEAD or POST. So the
 *   safelisted methods are added to the list only for the enforcing four (`withSafelistedMethods`).
 * - Starlette's default `allow_methods` is `("GET",)` and it checks it on every preflight, so FastAPI needs
 *   the list whenever a preflight happens, even for a POST whose only trigger is a header.
 * - One exact origin is sent as a constant and needs no `Vary: Origin`; several are echoed from an allowlist,
 *   by the library (which adds Vary itself) or, for Next.js and nginx, by the snippet (which adds it).
 * - When the server's policy is known the lists are the server's plus what the request needs (`merge-policy.ts`),
 *   so a pasted snippet keeps what worked before.
 */
import type { FixPolicy, FrameworkName } from './fix-policy.js';
import type { Renderer } from './snippet-literals.js';
import { renderNginx } from './snippet-nginx.js';
import {
  renderExpress,
  renderFastify,
  renderHono,
  renderKoa,
  renderNest,
  renderNext,
} from './snippets-javascript.js';
import { renderAspNetCore, renderGo, renderSpring } from './snippets-jvm-dotnet-go.js';
import { renderDjango, renderFastApi, renderFlask } from './snippets-python.js';

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

/**
 * A snippet for `framework` that makes exactly `policy` pass: the exact origins (`*` only where the server
 * already sent it, never with credentials), credentials only when asked for, and the preflight answered
 * before authentication runs.
 *
 * @example
 * renderFrameworkSnippet('express', { origins: ['https://app.example.com'], credentials: true,
 *   methods: ['PUT'], allowedHeaders: [], exposedHeaders: [], preflight: true });
 */
export function renderFrameworkSnippet(framework: FrameworkName, policy: FixPolicy): string {
  // The FixPolicy contract: computeFix always names the page's origin, and keeps `*` only from a server that
  // sent it to requests without credentials. `*` with credentials fails in every browser, and beside other
  // origins it would open the API to every site, so a caller passing either has a bug.
  const wildcard = policy.origins.some((origin) => typeof origin === 'string' && origin.trim() === '*');
  if (policy.origins.length === 0 || (wildcard && (policy.credentials || policy.origins.length > 1))) {
    throw new TypeError(
      `renderFrameworkSnippet: policy.origins must name the allowed origins ('*' only alone and without credentials), got ${JSON.stringify(policy.origins.map(String))}.`,
    );
  }
  return `${renderers[framework](policy)}\n`;
}
