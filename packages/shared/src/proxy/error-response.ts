import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamDiagnosis } from './diagnose-upstream-error.js';

export interface ProxyErrorContext {
  readonly method: string;
  readonly path: string;
  readonly prefix: string;
  readonly target: string;
  readonly diagnosis: UpstreamDiagnosis;
}

export interface ErrorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML; request paths are attacker-controlled and must never be echoed raw. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

/** Picks the body format the client can show: HTML for a navigation, JSON for API clients, text otherwise. */
export function preferredFormat(headers: IncomingHttpHeaders): 'html' | 'json' | 'text' {
  const accept = String(headers.accept ?? '').toLowerCase();
  if (headers['sec-fetch-mode'] === 'navigate' || accept.includes('text/html')) return 'html';
  if (accept.includes('application/json') || accept.includes('+json')) return 'json';
  return 'text';
}

/**
 * Builds the diagnostic response for a failed upstream request. Pure: the caller writes it.
 * Every format names the route, the target, the cause and the fix.
 */
export function renderProxyError(
  context: ProxyErrorContext,
  format: 'html' | 'json' | 'text',
): ErrorResponse {
  const { diagnosis } = context;
  const title = diagnosis.status === 504 ? 'Gateway Timeout' : 'Bad Gateway';
  const common = {
    'cache-control': 'no-store',
    'x-cors-dev-proxy-error': diagnosis.kind,
    // The body is ours, not the upstream's; never let a browser sniff it into something else.
    'x-content-type-options': 'nosniff',
  };
  if (format === 'json') {
    const body = JSON.stringify({
      error: `cors-dev-proxy: ${title}`,
      kind: diagnosis.kind,
      code: diagnosis.code,
      route: context.prefix,
      target: context.target,
      request: `${context.method} ${context.path}`,
      cause: diagnosis.cause,
      hint: diagnosis.hint,
    });
    return {
      status: diagnosis.status,
      headers: { ...common, 'content-type': 'application/json; charset=utf-8' },
      body,
    };
  }
  // Causes that already name the code ("could not be resolved (ENOTFOUND)") do not repeat it.
  const namesCode = diagnosis.cause.includes(diagnosis.code);
  const lines = [
    `${diagnosis.status} ${title} (cors-dev-proxy)`,
    `Request: ${context.method} ${context.path}`,
    `Route:   ${context.prefix} → ${context.target}`,
    `Cause:   ${diagnosis.cause}${namesCode ? '' : ` [${diagnosis.code}]`}`,
    `Fix:     ${diagnosis.hint}`,
  ];
  if (format === 'text') {
    return {
      status: diagnosis.status,
      headers: { ...common, 'content-type': 'text/plain; charset=utf-8' },
      body: `${lines.join('\n')}\n`,
    };
  }
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${diagnosis.status} ${title} · cors-dev-proxy</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}dt{font-weight:600;margin-top:.6rem}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}
.fix{background:#eef7ee;border-left:4px solid #3a3;padding:.5rem .8rem}</style></head>
<body><h1>${diagnosis.status} ${title}: the proxy could not reach your backend</h1>
<dl><dt>Request</dt><dd><code>${escapeHtml(`${context.method} ${context.path}`)}</code></dd>
<dt>Route</dt><dd><code>${escapeHtml(context.prefix)}</code> → <code>${escapeHtml(context.target)}</code></dd>
<dt>Cause</dt><dd>${escapeHtml(diagnosis.cause)}${namesCode ? '' : ` <code>${escapeHtml(diagnosis.code)}</code>`}</dd></dl>
<p class="fix"><strong>Fix:</strong> ${escapeHtml(diagnosis.hint)}</p>
<p><small>Served by cors-dev-proxy, not by your backend.</small></p></body></html>
`;
  return {
    status: diagnosis.status,
    headers: { ...common, 'content-type': 'text/html; charset=utf-8' },
    body,
  };
}
