import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import { findClosedPort } from '../../../../packages/shared/test/support/closed-port.js';
import { sendRequest } from '../../../../packages/shared/test/support/send-request.js';
import type { ContractGroup } from '../contract-group.js';
import type { HostHarness } from '../harness.js';
import { type StartedHost, startHost } from '../start-host.js';
import { ownEndpointContracts } from './own-endpoints.js';

/** Sends raw bytes to the dev server and resolves with everything it answers before closing (or 2 s). */
function raw(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    const done = () => resolve(answer);
    socket.on('close', done);
    socket.on('error', done);
    socket.setTimeout(2000, () => socket.destroy());
  });
}

/** The proxy played by an attacker: open proxy, path escape, hijacked sockets, smuggling, leaked secrets. */
function attackContracts(harness: HostHarness): void {
  describe('the dev proxy under attack', () => {
    let backend: RunningBackend;
    let hopBackend: http.Server;
    let dev: StartedHost;
    const upstreamPaths: string[] = [];
    const recordPath = (req: { url?: string }) => upstreamPaths.push(req.url ?? '');

    beforeAll(async () => {
      backend = await startBackend();
      backend.server.on('request', recordPath);
      // A backend that answers with every header that describes its own connection (chunked, so that Node lets
      // it announce a trailer).
      hopBackend = http.createServer((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          connection: 'close, x-upstream-hop',
          'x-upstream-hop': 'internal',
          'keep-alive': 'timeout=1, max=1',
          'proxy-connection': 'close',
          'proxy-authenticate': 'Basic realm="upstream"',
          trailer: 'x-checksum',
          upgrade: 'h2c',
          'x-kept': 'yes',
        });
        res.addTrailers({ 'x-checksum': 'abc' });
        res.end('{"ok":true}');
      });
      await new Promise<void>((resolve) => hopBackend.listen(0, '127.0.0.1', resolve));
      const hopPort = (hopBackend.address() as net.AddressInfo).port;
      dev = await startHost(harness, {
        routes: {
          // The route exposes only /api/* of the backend, under /v1.
          '/v1': { target: `${backend.url}/api`, rewrite: '', ws: true },
          '/down': { target: `http://127.0.0.1:${await findClosedPort()}`, retryConnectMs: 0 },
          '/hop': `http://127.0.0.1:${hopPort}`,
        },
      });
    });
    afterAll(async () => {
      await dev?.close();
      await backend?.close();
      hopBackend?.closeAllConnections();
      await new Promise((resolve) => hopBackend?.close(resolve));
    });

    // Attack: use the developer's dev server as an open proxy to reach any host ("GET http://evil/ HTTP/1.1").
    it('refuses absolute-form request targets', async () => {
      const answer = await raw(
        dev.url,
        `GET ${backend.url}/api/hello HTTP/1.1\r\nHost: ${new URL(dev.url).host}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('not a forward proxy');
      expect(upstreamPaths).not.toContain('/api/hello');
    });

    // Attack: tunnel anywhere through the dev server with CONNECT.
    it('refuses CONNECT', async () => {
      const answer = await raw(
        dev.url,
        `CONNECT ${new URL(backend.url).host} HTTP/1.1\r\nHost: ${new URL(backend.url).host}\r\n\r\n`,
      );
      expect(answer).not.toMatch(/^HTTP\/1\.1 200/);
    });

    // Attack: walk out of the route's mapping (/v1 → /api) to another part of the backend with dot segments,
    // plain or encoded so that an upstream that decodes first resolves them.
    it.each(['/v1/../admin', '/v1/%2e%2e/admin', '/v1/..%2fadmin', '/v1/.%2E/admin', '/v1/..\\admin'])(
      'refuses the path escape %s',
      async (path) => {
        const before = upstreamPaths.length;
        const answer = await raw(
          dev.url,
          `GET ${path} HTTP/1.1\r\nHost: ${new URL(dev.url).host}\r\nConnection: close\r\n\r\n`,
        );
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        expect(upstreamPaths.length).toBe(before);
      },
    );

    it('collapses double slashes, so the upstream path stays inside the mapping', async () => {
      const answer = await raw(
        dev.url,
        `GET /v1//hello HTTP/1.1\r\nHost: ${new URL(dev.url).host}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(upstreamPaths.at(-1)).toBe('/api/hello');
    });

    // Attack: cross-site WebSocket hijacking: a page on another site opens a socket to the dev server, which
    // forwards it (with the user's cookies) to the backend.
    it('refuses WebSockets from other origins and foreign hosts (DNS rebinding)', async () => {
      const ws = `${dev.url.replace('http', 'ws')}/v1/ws`;
      const status = (options: WebSocket.ClientOptions) =>
        new Promise<number | 'open'>((resolve) => {
          const socket = new WebSocket(ws, options);
          socket.on('open', () => {
            socket.close();
            resolve('open');
          });
          socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          socket.on('error', () => undefined);
        });
      expect(await status({ origin: 'https://evil.test' })).toBe(403);
      expect(await status({ origin: 'http://evil.test:80', headers: { host: 'evil.test' } })).toBe(403);
      expect(await status({ origin: dev.url })).toBe('open');
      expect(dev.lines.join('\n')).toMatch(
        /Refused a WebSocket to \/v1\/ws: the page at https:\/\/evil\.test is not this dev server/,
      );
    });

    // Attack: request smuggling: a request the proxy and the upstream would frame differently.
    it('rejects Transfer-Encoding together with Content-Length, and obs-fold', async () => {
      const host = new URL(dev.url).host;
      const smuggled = await raw(
        dev.url,
        `POST /v1/echo-headers HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /v1/admin HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      );
      expect(smuggled).toMatch(/^HTTP\/1\.1 400 /);
      const folded = await raw(
        dev.url,
        `GET /v1/hello HTTP/1.1\r\nHost: ${host}\r\nX-Folded: a\r\n b\r\n\r\n`,
      );
      expect(folded).toMatch(/^HTTP\/1\.1 400 /);
      expect(upstreamPaths).not.toContain('/api/admin');
    });

    // Attack: headers meant for the proxy hop (or an h2c upgrade) passed on to the upstream.
    it('strips hop-by-hop headers, including those named in Connection, and h2c upgrades', async () => {
      const answer = await raw(
        dev.url,
        `GET /v1/echo-headers HTTP/1.1\r\nHost: ${new URL(dev.url).host}\r\nConnection: close, x-hop-secret\r\nX-Hop-Secret: 1\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nProxy-Authorization: Basic c2VjcmV0\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nX-Kept: yes\r\n\r\n`,
      );
      const headers = JSON.parse(
        answer
          .slice(answer.indexOf('\r\n\r\n') + 4)
          .replace(/^[0-9a-f]+\r\n/i, '')
          .replace(/\r\n0\r\n\r\n$/, ''),
      );
      expect(headers['x-kept']).toBe('yes');
      for (const name of [
        'x-hop-secret',
        'upgrade',
        'http2-settings',
        'proxy-authorization',
        'keep-alive',
        'te',
      ]) {
        expect(headers).not.toHaveProperty(name);
      }
    });

    // The upstream's connection is not the browser's: `Connection: close` from a backend must not close the
    // browser's keep-alive connection, and no other field about the upstream hop reaches the page.
    it("drops the upstream's own connection headers and keeps the browser's connection alive", async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<unknown>();
      agent.on('free', (socket) => sockets.add(socket));
      try {
        const first = await sendRequest(`${dev.url}/hop/a`, { agent });
        expect(first.status).toBe(200);
        expect(first.body).toBe('{"ok":true}');
        expect(first.headers['x-kept']).toBe('yes');
        expect(first.headers.connection).toBe('keep-alive');
        for (const name of [
          'proxy-connection',
          'proxy-authenticate',
          'trailer',
          'upgrade',
          'x-upstream-hop',
        ]) {
          expect(first.headers).not.toHaveProperty(name);
        }
        // The dev server may announce its own keep-alive timeout (Node's server does), never the upstream's.
        expect(first.headers['keep-alive'] ?? '').not.toContain('max=1');
        // The same socket serves the next requests: the browser's connection stayed open.
        await sendRequest(`${dev.url}/hop/b`, { agent });
        await sendRequest(`${dev.url}/hop/c`, { agent });
        expect(sockets.size).toBe(1);
      } finally {
        agent.destroy();
      }
    });

    // Attack (on the developer's logs): tokens and cookies pasted into issues along with the terminal output.
    it('keeps Authorization, cookies and query tokens out of logs, warnings and error pages', async () => {
      const page = await fetch(`${dev.url}/down/users?access_token=tok-123&code=oauth-456`, {
        headers: {
          authorization: 'Bearer sekret-bearer',
          cookie: 'session=sekret-cookie',
          accept: 'text/html',
        },
      });
      expect(page.status).toBe(502);
      const html = await page.text();
      await (
        await fetch(`${dev.url}/v1/hello?api_key=key-789`, {
          headers: { authorization: 'Bearer sekret-bearer' },
        })
      ).arrayBuffer();
      await expect.poll(() => dev.lines.some((line) => line.includes('GET /v1/hello?…'))).toBe(true);
      for (const secret of ['tok-123', 'oauth-456', 'key-789', 'sekret-bearer', 'sekret-cookie']) {
        expect(html).not.toContain(secret);
        expect(dev.lines.join('\n')).not.toContain(secret);
      }
    });
  });
}

/**
 * DNS rebinding on the routes: a page on a foreign name that resolves to 127.0.0.1 must not reach them (they
 * carry the route's `headers`, API keys included), while the names the host accepts do.
 */
function hostCheckContracts(harness: HostHarness): void {
  describe('the Host of proxied requests', () => {
    let backend: RunningBackend;
    let host: StartedHost | undefined;
    const upstreamPaths: string[] = [];
    const recordPath = (req: { url?: string }) => upstreamPaths.push(req.url ?? '');
    beforeAll(async () => {
      backend = await startBackend();
      backend.server.on('request', recordPath);
    });
    afterAll(() => backend?.close());
    afterEach(async () => {
      await host?.close();
      host = undefined;
    });

    it('refuses a proxied request on a foreign Host (DNS rebinding) and says how to allow it', async () => {
      host = await startHost(harness, { routes: { '/api': backend.url } });
      const port = new URL(host.url).port;
      const refused = await sendRequest(`${host.url}/api/hello`, { headers: { host: `evil.test:${port}` } });
      expect(refused.status).toBe(403);
      expect(upstreamPaths).not.toContain('/api/hello');
      if (harness.capabilities.takesRequestsFirst) {
        expect(refused.headers['x-cors-dev-proxy-error']).toBe('host');
        expect(refused.body).toContain(
          `the Host "evil.test:${port}" is not one this dev server accepts (if the name is yours, add it to ${harness.allowedHostsSetting})`,
        );
        expect(host.lines.join('\n')).toMatch(/Refused GET \/api\/hello: the Host "evil\.test/);
      }
      for (const name of [`localhost:${port}`, `127.0.0.1:${port}`, `app.localhost:${port}`]) {
        const allowed = await sendRequest(`${host.url}/api/hello`, { headers: { host: name } });
        expect(allowed.status, name).toBe(200);
      }
    });

    // Vite's `cors` (Angular's dev server runs it before our middleware) allows any localhost origin: behind a
    // route, the browser must see the API's own CORS headers, as in production, not the dev server's.
    it("answers a proxied request with the API's CORS headers only, not the host's", async () => {
      host = await startHost(harness, { routes: { '/api': backend.url } });
      const otherLocalApp = 'http://localhost:1';
      const answer = await sendRequest(`${host.url}/api/hello`, { headers: { origin: otherLocalApp } });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).not.toBe(otherLocalApp);
      expect(answer.headers['access-control-allow-origin']).not.toBe('*');
    });

    it("follows the host's allowed hosts, as its own check does", async () => {
      host = await startHost(harness, { routes: { '/api': backend.url } }, { allowedHosts: ['.dev.test'] });
      const port = new URL(host.url).port;
      expect(
        (await sendRequest(`${host.url}/api/hello`, { headers: { host: `app.dev.test:${port}` } })).status,
      ).toBe(200);
      expect(
        (await sendRequest(`${host.url}/api/hello`, { headers: { host: `app.other.test:${port}` } })).status,
      ).toBe(403);
    });
  });
}

export const security: ContractGroup = {
  title: 'security',
  tiers: {
    integration(harness) {
      attackContracts(harness);
      hostCheckContracts(harness);
      ownEndpointContracts(harness);
    },
  },
};
