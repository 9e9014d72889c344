import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../../packages/shared/test/support/production-server.js';
import type { ContractGroup } from '../contract-group.js';
import type { HostHarness } from '../harness.js';
import { type StartedHost, startHost } from '../start-host.js';
import { webSocketAuditContracts } from './production-audit-websockets.js';

function shapeContracts(harness: HostHarness): void {
  // The dev routes all go to the example backend; "production" is four real servers with four policies. Every
  // kind of request is judged as the production browser would judge it, off the request's path.
  describe('request shapes judged against production', () => {
    let backend: RunningBackend;
    const production: Record<string, ProductionServer> = {};
    let dev: StartedHost;
    const devRoute = (backendUrl: string) => ({ target: `${backendUrl}/api`, rewrite: '' });

    beforeAll(async () => {
      backend = await startBackend();
      for (const policy of ['strict', 'missing', 'wildcard-credentials', 'reflecting'] as const) {
        production[policy] = await startProductionServer(policy);
      }
      dev = await startHost(harness, {
        routes: {
          '/strict': devRoute(backend.url),
          '/missing': devRoute(backend.url),
          '/wildcard': devRoute(backend.url),
          '/reflect': devRoute(backend.url),
        },
        production: {
          origin: 'https://app.example.com',
          targets: {
            '/strict': production.strict!.url,
            '/missing': production.missing!.url,
            '/wildcard': production['wildcard-credentials']!.url,
            '/reflect': production.reflecting!.url,
          },
        },
      });
    });
    afterAll(async () => {
      await dev?.close();
      for (const server of Object.values(production)) await server.close();
      await backend?.close();
    });

    const warnings = () => dev.lines.filter((line) => line.includes('In production,'));
    const warningsFor = (shape: string) =>
      warnings().filter((line) => line.includes(`In production, ${shape} `));

    it('warns once per blocked shape, with Chromium’s message and the fix, and collapses ids', async () => {
      for (const id of [1, 2, 3]) {
        const response = await fetch(`${dev.url}/strict/orders/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        await response.arrayBuffer();
      }
      await expect.poll(() => warningsFor('PUT /strict/orders/:id').length).toBe(1);
      const [warning] = warningsFor('PUT /strict/orders/:id');
      expect(warning).toContain(
        `from https://app.example.com will be blocked: Access to fetch at '${production.strict!.url}/orders/1' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`,
      );
      // The strict server already allows GET, POST, content-type and credentials: the fix keeps them (issue 10).
      expect(warning).toContain(
        'Fix: Access-Control-Allow-Origin: https://app.example.com; Access-Control-Allow-Credentials: true; Access-Control-Allow-Methods: GET, POST, PUT; Access-Control-Allow-Headers: content-type',
      );
      expect(warning).toContain('adds PUT to the methods the server already allows (GET, POST)');
      // A probe never sends a method that changes data.
      expect(production.strict!.received.map((request) => request.method)).not.toContain('PUT');
    });

    it('does not warn about what production allows', async () => {
      await (await fetch(`${dev.url}/strict/hello`)).arrayBuffer();
      await expect
        .poll(() =>
          production.strict!.received.some((request) => request.method === 'GET' && request.url === '/hello'),
        )
        .toBe(true);
      expect(warningsFor('GET /strict/hello')).toEqual([]);
    });

    it('reports a missing policy', async () => {
      await (await fetch(`${dev.url}/missing/hello`)).arrayBuffer();
      await (await fetch(`${dev.url}/missing/hello`)).arrayBuffer();
      await expect.poll(() => warningsFor('GET /missing/hello').length).toBe(1);
      expect(warningsFor('GET /missing/hello')[0]).toContain(
        "No 'Access-Control-Allow-Origin' header is present",
      );
    });

    it('judges a request with cookies with credentials, and never forwards the cookies to production', async () => {
      await (await fetch(`${dev.url}/wildcard/hello`)).arrayBuffer();
      await (
        await fetch(`${dev.url}/wildcard/me`, { headers: { cookie: 'session=secret-session-id' } })
      ).arrayBuffer();
      await expect.poll(() => warningsFor('GET /wildcard/me with credentials').length).toBe(1);
      expect(warningsFor('GET /wildcard/me with credentials')[0]).toContain(
        "must not be the wildcard '*' when the request's credentials mode is 'include'",
      );
      // Without cookies the same policy passes: no warning for /wildcard/hello.
      expect(warningsFor('GET /wildcard/hello')).toEqual([]);
      expect(production['wildcard-credentials']!.received.some((request) => request.cookie)).toBe(false);
      expect(dev.lines.join('\n')).not.toContain('secret-session-id');
    });

    // The page script did not see these calls (they come from Node, not a page): cookies are the only evidence.
    it('assumes credentials for an unreported call only when it carried cookies, and says so', async () => {
      await (
        await fetch(`${dev.url}/wildcard/basket`, { headers: { cookie: 'session=secret-session-id' } })
      ).arrayBuffer();
      await expect.poll(() => warningsFor('GET /wildcard/basket').length).toBe(1);
      expect(warningsFor('GET /wildcard/basket')[0]).toContain(
        'with credentials (assumed: the request carried cookies, which a cross-origin page sends only with credentials',
      );
      // An Authorization header is a request header the page sets, not a credential.
      await (
        await fetch(`${dev.url}/strict/token-info`, { headers: { authorization: 'Bearer secret-token' } })
      ).arrayBuffer();
      await expect.poll(() => warningsFor('GET /strict/token-info').length).toBe(1);
      const [warning] = warningsFor('GET /strict/token-info');
      expect(warning).toContain(
        'Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.',
      );
      expect(warning).not.toContain('with credentials');
    });

    it('never makes a proxied response wait for a probe', async () => {
      const reflecting = production.reflecting!;
      reflecting.hold();
      try {
        const started = performance.now();
        const response = await fetch(`${dev.url}/reflect/hello`);
        expect(response.status).toBe(200);
        await response.arrayBuffer();
        const proxiedMs = performance.now() - started;
        // The probe for this new shape is still waiting at "production" while the response is already here.
        await expect.poll(() => reflecting.pending()).toBeGreaterThan(0);
        expect(reflecting.received.some((request) => request.url === '/hello')).toBe(true);
        console.info(
          `proxied response in ${proxiedMs.toFixed(1)} ms while the production probe was still pending`,
        );
      } finally {
        reflecting.release();
      }
    });

    it('records the shapes in .cors-dev-proxy/shapes.json, without secret header values', async () => {
      await (
        await fetch(`${dev.url}/strict/hello`, { headers: { 'x-api-key': 'super-secret-key' } })
      ).arrayBuffer();
      const file = path.join(dev.root, '.cors-dev-proxy', 'shapes.json');
      await expect
        .poll(() => existsSync(file) && readFile(file, 'utf8').then((text) => text.includes('[x-api-key]')), {
          timeout: 5000,
        })
        .toBe(true);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('"key": "PUT /strict/orders/:id [content-type]"');
      expect(text).not.toContain('super-secret-key');
      expect(text).not.toContain('secret-session-id');
    });

    it('replays the production allowlist against the local origin at startup and flags security holes', async () => {
      const local = `http://localhost:${new URL(dev.url).port}`;
      // The reflecting production API echoes any origin with credentials: any web page could read a user's data.
      await expect
        .poll(() =>
          dev.lines.find(
            (line) =>
              line.includes(`production CORS of ${production.reflecting!.url}/:`) &&
              line.includes('The API reflects any origin'),
          ),
        )
        .toMatch(/Security \(critical\): .*The API reflects any origin, with credentials/);
      // The strict one admits neither the local origin nor look-alikes: the app needs the proxy in development.
      await expect
        .poll(() =>
          dev.lines.find(
            (line) => line.includes(`production CORS of ${production.strict!.url}/:`) && line.includes(local),
          ),
        )
        .toContain(`The local dev origin ${local} is not admitted`);
      expect(
        dev.lines.filter(
          (line) =>
            line.includes(`production CORS of ${production.strict!.url}/:`) && line.includes('Security ('),
        ),
      ).toEqual([]);
    });

    it('answers the audit as JSON on /__cors-dev-proxy/audit', async () => {
      const report = await (await fetch(`${dev.url}/__cors-dev-proxy/audit`)).json();
      expect(report).toMatchObject({ enabled: true, origin: 'https://app.example.com', mode: 'warn' });
      expect(report.shapes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            key: 'PUT /strict/orders/:id [content-type]',
            allowed: false,
            corsError: 'MethodDisallowedByPreflightResponse',
          }),
        ]),
      );
    });
  });
}

/** What the app's requests will do in production, told while it runs on the dev server. */
export const productionAudit: ContractGroup = {
  title: 'production audit',
  tiers: {
    integration(harness) {
      shapeContracts(harness);
      webSocketAuditContracts(harness);
    },
  },
};
