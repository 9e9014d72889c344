import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { unrelatedOrigin } from '../../../../packages/shared/src/audit/crafted-origins.js';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../../packages/shared/test/support/production-server.js';
import type { HostHarness } from '../harness.js';
import { type StartedHost, startHost } from '../start-host.js';

interface SocketServer {
  readonly url: string;
  readonly port: number;
  /** Every request it got: upgrades and plain HTTP (a CORS probe would be plain HTTP). */
  readonly received: { method: string; upgrade: boolean; origin?: string; cookie?: string }[];
  close(): Promise<void>;
}

/** A production WebSocket server whose only defence is an Origin allowlist, as `ws`'s verifyClient gives. */
async function startSocketServer(
  acceptOrigin: (origin: string | undefined) => boolean,
): Promise<SocketServer> {
  const received: SocketServer['received'] = [];
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', upgrade: false, origin: req.headers.origin });
    res.writeHead(404).end();
  });
  const sockets = new WebSocketServer({
    server,
    verifyClient: ({ req }: { req: http.IncomingMessage }, done: (ok: boolean, status?: number) => void) => {
      received.push({
        method: req.method ?? '',
        upgrade: true,
        origin: req.headers.origin,
        cookie: req.headers.cookie,
      });
      const ok = acceptOrigin(req.headers.origin);
      done(ok, ok ? undefined : 403);
    },
  });
  sockets.on('connection', (socket) => socket.send('production'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    received,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise((resolve) => sockets.close(resolve));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function webSocketAuditContracts(harness: HostHarness): void {
  // Browsers apply no CORS to WebSockets: no preflight, no Access-Control-* check; the server's Origin check is
  // all there is. The audit must judge sockets by that, and never report CORS findings for them.
  describe('WebSocket routes judged by the Origin production accepts', () => {
    let backend: RunningBackend;
    let httpProduction: ProductionServer;
    const sockets: Record<'checksOrigin' | 'staging' | 'anyOrigin' | 'sameInDev', SocketServer> = {} as never;
    let dev: StartedHost;

    beforeAll(async () => {
      backend = await startBackend();
      httpProduction = await startProductionServer('strict');
      sockets.checksOrigin = await startSocketServer((origin) => origin === 'https://app.example.com');
      sockets.staging = await startSocketServer((origin) => origin === 'https://staging.example.com');
      sockets.anyOrigin = await startSocketServer(() => true);
      sockets.sameInDev = await startSocketServer(() => true);
      // Dev: every socket route goes to the example backend's echo (/api/ws), written as ws:// as in the app.
      const socketRoute = { target: `ws://127.0.0.1:${backend.port}`, ws: true, rewrite: '/api' };
      dev = await startHost(harness, {
        routes: {
          '/api': backend.url,
          '/socket': socketRoute,
          '/staging-socket': socketRoute,
          // Dev target over http(s), production target written as wss?:// — still a WebSocket route.
          '/open-socket': { target: backend.url, ws: true, rewrite: '/api' },
          // No production target: production defaults to the dev target, as in Vite's own ws example.
          '/live': { target: sockets.sameInDev.url, ws: true },
        },
        production: {
          origin: 'https://app.example.com',
          targets: {
            '/api': httpProduction.url,
            '/socket': sockets.checksOrigin.url,
            '/staging-socket': sockets.staging.url,
            '/open-socket': sockets.anyOrigin.url,
          },
        },
      });
    });
    afterAll(async () => {
      await dev?.close();
      for (const server of Object.values(sockets)) await server?.close();
      await httpProduction?.close();
      await backend?.close();
    });

    const open = (path: string, cookie?: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = new WebSocket(`${dev.url.replace('http', 'ws')}${path}`, {
          origin: dev.url,
          ...(cookie ? { headers: { cookie } } : {}),
        });
        socket.once('message', (data) => {
          socket.close();
          resolve(String(data));
        });
        socket.once('error', reject);
      });
    const lines = () => dev.lines.join('\n');

    it('leaves WebSocket routes out of the CORS replay, and says so', async () => {
      await expect
        .poll(lines)
        .toContain('Left out of the CORS replay: /staging-socket, /open-socket, /socket, /live');
      // The HTTP route was replayed (its production server got the crafted-origin probes)…
      await expect.poll(() => httpProduction.received.length).toBeGreaterThan(0);
      await expect.poll(lines).toContain('production CORS of');
      // …and not one preflight or other plain HTTP request went to a socket server.
      for (const server of Object.values(sockets)) expect(server.received).toEqual([]);
      expect(lines()).not.toMatch(
        /production CORS of ws:|production CORS of http:\/\/127\.0\.0\.1:\d+\/api\/ws/,
      );
    });

    it('is quiet about a socket production accepts from the app and refuses from other sites', async () => {
      expect(await open('/socket/ws?token=dev-secret', 'session=dev-cookie')).toContain('"origin"');
      await expect.poll(() => sockets.checksOrigin.received.length).toBe(2);
      // The probes: upgrades only, the production origin and then an unrelated one, never the dev session's
      // cookie or token.
      expect(sockets.checksOrigin.received).toEqual([
        { method: 'GET', upgrade: true, origin: 'https://app.example.com', cookie: undefined },
        { method: 'GET', upgrade: true, origin: unrelatedOrigin, cookie: undefined },
      ]);
      const audit = (await (await fetch(`${dev.url}/__cors-dev-proxy/audit`)).json()) as {
        webSockets: { path: string; acceptedFromProduction: boolean; acceptedFromAnySite: boolean }[];
      };
      expect(audit.webSockets).toContainEqual(
        expect.objectContaining({
          path: '/socket/ws',
          acceptedFromProduction: true,
          acceptedFromAnySite: false,
        }),
      );
      expect(lines()).not.toContain('the WebSocket /socket/ws');
      expect(lines()).not.toContain('dev-secret');
    });

    it('warns with Chromium’s handshake message when production refuses the app’s origin', async () => {
      await open('/staging-socket/ws');
      await expect
        .poll(lines)
        .toContain(
          `In production, the WebSocket /staging-socket/ws from https://app.example.com will fail: WebSocket connection to '${sockets.staging.url}/api/ws' failed: Error during WebSocket handshake: Unexpected response code: 403.`,
        );
      expect(lines()).toContain('Fix: accept Origin https://app.example.com on the upgrade');
      expect(lines()).not.toMatch(/the WebSocket \/staging-socket\/ws.*Access-Control-Allow-Origin/);
    });

    it('flags a cookie-authenticated socket that production opens to any site (hijacking)', async () => {
      await open('/open-socket/ws', 'session=dev-cookie');
      await expect
        .poll(lines)
        .toContain(
          `Security (high): production accepts the WebSocket /open-socket/ws (${sockets.anyOrigin.url}/api/ws) from any site`,
        );
      expect(lines()).toContain('cross-site WebSocket hijacking');
    });
  });
}
