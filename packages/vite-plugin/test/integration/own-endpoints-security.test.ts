import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../shared/test/support/backend.js';
import { sendRequest } from '../../../shared/test/support/send-request.js';
import { corsDevProxy } from '../../src/index.js';
import { createFixtureProject, type RunningVite, startVite, viteVersions } from '../support/start-vite.js';

// The project's own endpoints (`/__cors-dev-proxy/…`: the audit today, the event stream, client script and
// dashboard later) hold the request shapes the app sent and the production URLs, and `?replay=` makes the dev
// server send probes. A page on another site must be able neither to read them nor to trigger them.

/** Paths under our prefix, known and unknown: one guard must cover all of them. */
const ownPaths = [
  '/__cors-dev-proxy/audit',
  '/__cors-dev-proxy/audit?replay=http://evil.example',
  '/__cors-dev-proxy/events',
  '/__cors-dev-proxy/',
  '/__cors-dev-proxy',
];

const productionApi = 'https://api.secret-production.example';

const pluginOptions = (backend: RunningBackend) =>
  corsDevProxy({
    routes: { '/api': backend.url },
    production: {
      origin: 'https://app.example.com',
      targets: { '/api': productionApi },
      allowlist: { origin: 'https://app.example.com' },
      probe: false,
    },
  });

type Server = { url: string; close(): Promise<void> };

/** Vite in middleware mode behind an app that puts a permissive CORS header on everything (a common setup). */
async function startMiddlewareModeVite(backend: RunningBackend): Promise<Server> {
  const vite = await viteVersions.vite8();
  const server = http.createServer();
  const dev = await vite.createServer({
    root: await createFixtureProject(),
    configFile: false,
    logLevel: 'silent',
    plugins: [pluginOptions(backend)],
    server: { middlewareMode: { server } as never, hmr: false },
    appType: 'custom',
  });
  server.on('request', (req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    dev.middlewares(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await dev.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Our answer, not the host's: only ours can promise what headers it carries. */
const isOurs = (answer: { headers: http.IncomingHttpHeaders }) =>
  answer.headers['x-cors-dev-proxy-error'] !== undefined;
const corsHeaderNames = (answer: { headers: http.IncomingHttpHeaders }) =>
  Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

// `first`: the plugin answers before Vite's own middleware (Vite's server); in middleware mode Vite's `cors`
// and host check run before any plugin middleware, so some refusals are Vite's (still 403, still no data).
describe.each([
  ['vite8 dev', true, (backend: RunningBackend) => startVite('vite8', [pluginOptions(backend)])],
  [
    'vite7 preview',
    true,
    (backend: RunningBackend) => startVite('vite7', [pluginOptions(backend)], { preview: true }),
  ],
  ['vite8 middlewareMode behind a permissive CORS app', false, startMiddlewareModeVite],
] as const)('security: the own endpoints of cors-dev-proxy under attack (%s)', (_name, first, start) => {
  let backend: RunningBackend;
  let server: RunningVite | Server;
  let host: string;

  beforeAll(async () => {
    backend = await startBackend();
    server = await start(backend);
    host = new URL(server.url).host;
    // A request the audit records, so there is something to steal.
    await (
      await fetch(`${server.url}/api/hello`, { headers: { 'x-team-secret-header': '1' } })
    ).arrayBuffer();
  });
  afterAll(async () => {
    await server?.close();
    await backend?.close();
  });

  // Attack: DNS rebinding. A page at evil.example:<port> rebinds its name to 127.0.0.1 and reads the endpoint
  // "same-origin"; the request arrives with Host: evil.example:<port>.
  it.each(ownPaths)('refuses a foreign Host on %s', async (path) => {
    const answer = await sendRequest(`${server.url}${path}`, {
      headers: { host: `evil.example:${new URL(server.url).port}` },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain(productionApi);
    if (first) {
      expect(isOurs(answer)).toBe(true);
      expect(answer.body).toContain('is not one this dev server accepts');
    }
    if (isOurs(answer)) expect(corsHeaderNames(answer)).toEqual([]);
    expect(answer.body).not.toContain('x-team-secret-header');
  });

  // Attack: a page on another site reads the endpoint cross-origin (fetch with Origin), or includes it as a
  // no-cors subresource (Sec-Fetch-Site: cross-site) to trigger `?replay=` probes.
  it.each<Record<string, string>>([
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
    { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' },
  ])('refuses requests from other pages (%o)', async (headers) => {
    for (const path of ownPaths) {
      const answer = await sendRequest(`${server.url}${path}`, { headers });
      expect(answer.status, path).toBe(403);
      expect(isOurs(answer), path).toBe(true);
      expect(corsHeaderNames(answer), path).toEqual([]);
      expect(answer.body, path).not.toContain(productionApi);
    }
  });

  it('serves the app’s own page, with no header that would let another origin read or embed it', async () => {
    const answer = await sendRequest(`${server.url}/__cors-dev-proxy/audit`, {
      headers: { 'sec-fetch-site': 'same-origin', origin: `http://${host}` },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ enabled: true, shapes: [expect.anything()] });
    expect(answer.body).toContain(productionApi);
    expect(corsHeaderNames(answer)).toEqual([]);
    expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  // Attack: a cross-origin read with a preflight first (a custom header), hoping a permissive answer opens it.
  it('admits no cross-origin read after a preflight', async () => {
    const preflight = await sendRequest(`${server.url}/__cors-dev-proxy/audit`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-steal',
      },
    });
    if (first) {
      expect(preflight.status).toBe(403);
      expect(corsHeaderNames(preflight)).toEqual([]);
    }
    // Whoever answered the preflight, the read itself is refused and carries no CORS header.
    const read = await sendRequest(`${server.url}/__cors-dev-proxy/audit`, {
      headers: { origin: 'https://evil.example', 'x-steal': '1', 'sec-fetch-site': 'cross-site' },
    });
    expect(read.status).toBe(403);
    expect(corsHeaderNames(read)).toEqual([]);
    expect(read.body).not.toContain(productionApi);
  });

  it('answers unknown endpoints under its prefix itself (404), not with the app’s SPA fallback', async () => {
    const answer = await sendRequest(`${server.url}/__cors-dev-proxy/no-such-endpoint`);
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('/__cors-dev-proxy/audit');
  });
});
