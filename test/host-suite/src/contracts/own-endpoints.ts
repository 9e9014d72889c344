import type http from 'node:http';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import { sendRequest } from '../../../../packages/shared/test/support/send-request.js';
import type { HostHarness } from '../harness.js';
import { type StartedHost, startHost } from '../start-host.js';

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

export const secretProductionApi = 'https://api.secret-production.example';

/** A route and a production audit with something to steal: the production URL and the recorded shapes. */
export const ownEndpointOptions = (backend: RunningBackend): CorsDevProxyOptions => ({
  routes: { '/api': backend.url },
  production: {
    origin: 'https://app.example.com',
    targets: { '/api': secretProductionApi },
    allowlist: { origin: 'https://app.example.com' },
    probe: false,
  },
});

/** Our answer, not the host's: only ours can promise what headers it carries. */
const isOurs = (answer: { headers: http.IncomingHttpHeaders }) =>
  answer.headers['x-cors-dev-proxy-error'] !== undefined;
const corsHeaderNames = (answer: { headers: http.IncomingHttpHeaders }) =>
  Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

/**
 * The own endpoints under attack on one host. Where the adapter takes requests first, every refusal is ours;
 * where the host's middleware runs before it (Vite in middlewareMode: its `cors` and host check), some
 * refusals are the host's (still 403, still no data). Also used by Vite-only tests for such host setups.
 */
export function ownEndpointContracts(harness: HostHarness): void {
  const first = harness.capabilities.takesRequestsFirst;
  describe('the own endpoints of cors-dev-proxy under attack', () => {
    let backend: RunningBackend;
    let server: StartedHost;
    let host: string;

    beforeAll(async () => {
      backend = await startBackend();
      server = await startHost(harness, ownEndpointOptions(backend));
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
      expect(answer.body).not.toContain(secretProductionApi);
      if (first) {
        expect(isOurs(answer)).toBe(true);
        expect(answer.body).toContain(
          `is not one this dev server accepts (if the name is yours, add it to ${harness.allowedHostsSetting})`,
        );
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
        // webpack-dev-server's own cross-origin check refuses no-cors cross-site requests before us.
        if (first) expect(isOurs(answer), path).toBe(true);
        expect(corsHeaderNames(answer), path).toEqual([]);
        expect(answer.body, path).not.toContain(secretProductionApi);
      }
    });

    it('serves the app’s own page, with no header that would let another origin read or embed it', async () => {
      const answer = await sendRequest(`${server.url}/__cors-dev-proxy/audit`, {
        headers: { 'sec-fetch-site': 'same-origin', origin: `http://${host}` },
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ enabled: true, shapes: [expect.anything()] });
      expect(answer.body).toContain(secretProductionApi);
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
      expect(read.body).not.toContain(secretProductionApi);
    });

    it('answers unknown endpoints under its prefix itself (404), not with the app’s SPA fallback', async () => {
      const answer = await sendRequest(`${server.url}/__cors-dev-proxy/no-such-endpoint`);
      expect(answer.status).toBe(404);
      expect(answer.body).toContain('/__cors-dev-proxy/audit');
    });
  });
}
