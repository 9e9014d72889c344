/** What the upstream serves and the workloads expect, in one place. */

/** The small JSON document of the JSON workload (the same bytes every time, checked on every response). */
export const jsonBody = JSON.stringify({ id: 42, name: 'cors-dev-proxy bench', tags: ['a', 'b'], ok: true });

/** The production origin the audit workload declares; the upstream grants it CORS. */
export const productionOrigin = 'https://app.example.com';

/** The upstream sends an SSE event at once, then one every this many milliseconds. */
export const sseIntervalMs = 50;

/** Every system proxies this prefix to the upstream. */
export const apiPrefix = '/api';
