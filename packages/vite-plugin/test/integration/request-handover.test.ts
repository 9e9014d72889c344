import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningVite,
  startVite,
  type ViteVersion,
  viteVersions,
} from '../../../../test/host-suite/harnesses/vite.js';
import { sendRequest } from '../../../shared/test/support/send-request.js';
import { corsDevProxy } from '../../src/index.js';

/**
 * The plugin answers proxied requests ahead of Vite's middleware stack (request-handover.ts). These tests pin
 * what that changes and what it must not: Vite's server.cors no longer touches API responses, and everything
 * that is not a route is still Vite's (its host check included).
 */

/** An upstream that says what it received, and closes every connection (as some backends do). */
interface Upstream {
  readonly url: string;
  close(): Promise<void>;
}

async function startEchoUpstream(): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    let received = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      received += chunk;
    });
    req.on('end', () => {
      const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, received });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
        'x-upstream': 'yes',
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

for (const version of Object.keys(viteVersions) as ViteVersion[]) {
  describe(`${version}: proxied requests are answered before Vite's middleware`, () => {
    let upstream: Upstream;
    let vite: RunningVite | undefined;
    beforeAll(async () => {
      upstream = await startEchoUpstream();
    });
    afterAll(() => upstream.close());
    afterEach(async () => {
      await vite?.close();
      vite = undefined;
    });

    it("forwards OPTIONS to the upstream and adds none of Vite's server.cors headers", async () => {
      vite = await startVite(version, [corsDevProxy({ routes: { '/api': upstream.url } })]);
      // Vite's server.cors allows localhost origins: without the handover it would answer this preflight
      // itself (204, no upstream) and stamp Access-Control-Allow-Origin on every API response.
      const preflight = await sendRequest(`${vite.url}/api/items`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT' },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers['x-upstream']).toBe('yes');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const get = await sendRequest(`${vite.url}/api/items`, {
        headers: { origin: 'http://localhost:3000' },
      });
      expect(get.headers['x-upstream']).toBe('yes');
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      // Everything else is still Vite's, server.cors included.
      const page = await sendRequest(`${vite.url}/`, { headers: { origin: 'http://localhost:3000' } });
      expect(page.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    });

    // The refusal of proxied requests on a foreign Host, and server.allowedHosts, are host contracts
    // (test/host-suite/src/contracts/security.ts); what is Vite's is that the rest keeps Vite's own check.
    it("leaves paths outside every route to Vite's own host check", async () => {
      vite = await startVite(version, [corsDevProxy({ routes: { '/api': upstream.url } })]);
      const port = new URL(vite.url).port;
      const page = await sendRequest(`${vite.url}/`, { headers: { host: `evil.test:${port}` } });
      expect(page.status).toBe(403);
      expect(page.body).toContain('Blocked request');
      expect(page.headers['x-cors-dev-proxy-error']).toBeUndefined();
    });

    it("keeps the browser's connection alive when the upstream closes its own", async () => {
      vite = await startVite(version, [corsDevProxy({ routes: { '/api': upstream.url } })]);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<unknown>();
      agent.on('free', (socket) => sockets.add(socket));
      try {
        for (let i = 0; i < 3; i++) {
          const answer = await sendRequest(`${vite.url}/api/items/${i}`, { agent });
          expect(answer.headers.connection).not.toBe('close');
          expect(JSON.parse(answer.body)).toMatchObject({ url: `/api/items/${i}` });
        }
        // Connection: close is hop-by-hop: Vite's own proxy copies it and costs the browser a new connection
        // per request.
        expect(sockets.size).toBe(1);
      } finally {
        agent.destroy();
      }
    });

    // What a bodiless DELETE must not do is leave the upstream waiting for a body. An HTTP/1.1 request with
    // neither Content-Length nor Transfer-Encoding has none (RFC 9112 §6.3), so the forwarder may send either
    // no length (undici, as RFC 9110 §8.6 advises for methods without payload semantics) or Content-Length: 0
    // (node-http-proxy's habit, for Node versions that chunked DELETE bodies); never chunked framing.
    it('answers a DELETE without a body at once: no body read upstream, no Transfer-Encoding', async () => {
      vite = await startVite(version, [corsDevProxy({ routes: { '/api': upstream.url } })]);
      const started = Date.now();
      const answer = await sendRequest(`${vite.url}/api/items/7`, { method: 'DELETE' });
      // The echo upstream answers on the body's end: an upstream left waiting would give a 504 or no answer.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answer.status).toBe(200);
      expect(answer.headers['x-upstream']).toBe('yes');
      const received = JSON.parse(answer.body) as {
        method: string;
        received: string;
        headers: Record<string, string>;
      };
      expect(received.method).toBe('DELETE');
      expect(received.received).toBe('');
      expect(received.headers['transfer-encoding']).toBeUndefined();
      expect(received.headers['content-length'] ?? '0').toBe('0');
    });

    it('keeps the framing of a DELETE with a chunked body: the body arrives whole', async () => {
      vite = await startVite(version, [corsDevProxy({ routes: { '/api': upstream.url } })]);
      const answer = await sendRequest(`${vite.url}/api/items/7`, {
        method: 'DELETE',
        headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/json' },
        body: '{"reason":"duplicate"}',
      });
      const received = JSON.parse(answer.body) as { received: string; headers: Record<string, string> };
      expect(received.received).toBe('{"reason":"duplicate"}');
      expect(received.headers['content-length']).toBeUndefined();
    });

    it('stays a plain middleware in middlewareMode, where the HTTP server is not Vite’s', async () => {
      const app = http.createServer();
      const vitePackage = await viteVersions[version]();
      const printed: string[] = [];
      const customLogger = vitePackage.createLogger('silent');
      customLogger.info = (message) => printed.push(message);
      const server = await vitePackage.createServer({
        configFile: false,
        customLogger,
        plugins: [corsDevProxy({ routes: { '/api': upstream.url } })],
        server: { middlewareMode: true, hmr: false },
        appType: 'custom',
      });
      app.on('request', (req, res) => server.middlewares(req, res));
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = app.address() as AddressInfo;
        expect(app.listeners('request')).toHaveLength(1);
        const answer = await sendRequest(`http://127.0.0.1:${port}/api/items`);
        expect(answer.headers['x-upstream']).toBe('yes');
        // The app's server is found from that first request: the dashboard's URL is printed once.
        await sendRequest(`http://127.0.0.1:${port}/api/items`);
        expect(printed.filter((line) => line.includes('dashboard: '))).toEqual([
          expect.stringContaining(`dashboard: http://localhost:${port}/__cors-dev-proxy/`),
        ]);
      } finally {
        await server.close();
        app.closeAllConnections();
        await new Promise((resolve) => app.close(resolve));
      }
    });
  });
}
