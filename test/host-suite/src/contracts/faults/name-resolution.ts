// Plays the two ways a target's host name goes wrong: a name that does not resolve (a typo, a VPN that is
// down), and `localhost` resolving to one loopback family while the backend listens on the other — the most
// common "but it works in the browser" failure (Node tries what `localhost` resolves to; a backend bound to
// ::1 only, or 127.0.0.1 only, refuses the other). The dev server must say which, and what to write instead.
import dns from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostHarness } from '../../harness.js';
import {
  type CrashWatch,
  type FaultRig,
  marginMs,
  routeTimeoutMs,
  send,
  startFaultRig,
  watchForCrashes,
} from './fault-rig.js';

/** Whether this machine can listen on ::1 at all (some CI containers have no IPv6 loopback). */
async function canListenOnIpv6Loopback(): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
const ipv6 = await canListenOnIpv6Loopback();

export function nameResolutionContracts(harness: HostHarness): void {
  describe('name resolution failures', () => {
    let rig: FaultRig;
    const backends: http.Server[] = [];
    const ports: Record<'v4' | 'v6', number> = { v4: 0, v6: 0 };
    let localhostFamilies: Set<number>;
    let crashes: CrashWatch;

    async function listenOn(host: string): Promise<number> {
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ listening: host }));
      });
      backends.push(server);
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      return (server.address() as AddressInfo).port;
    }

    beforeAll(async () => {
      // Installed per group, not at collection: another group's crash must not fail this one.
      crashes = watchForCrashes();
      localhostFamilies = new Set(
        (await dns.lookup('localhost', { all: true })).map((entry) => entry.family),
      );
      ports.v4 = await listenOn('127.0.0.1');
      if (ipv6) ports.v6 = await listenOn('::1');
      rig = await startFaultRig(harness, {
        extraRoutes: {
          '/dns': { target: 'http://no-such-host.invalid', timeoutMs: routeTimeoutMs },
          // retryConnectMs: 0 — this is about the diagnosis of a refused connection, not about waiting for a
          // backend that is still starting (each-fault.test.ts plays that with the default).
          '/v4-only': {
            target: `http://localhost:${ports.v4}`,
            timeoutMs: routeTimeoutMs,
            retryConnectMs: 0,
          },
          ...(ipv6
            ? {
                '/v6-only': {
                  target: `http://localhost:${ports.v6}`,
                  timeoutMs: routeTimeoutMs,
                  retryConnectMs: 0,
                },
              }
            : {}),
        },
      });
    });
    afterAll(async () => {
      crashes?.dispose();
      await rig?.close();
      await Promise.all(backends.map((server) => new Promise((resolve) => server.close(resolve))));
    });

    it('a host name that does not resolve: 502 naming the host and the option to fix', async () => {
      const outcome = await send(rig.url, '/dns/orders');
      expect(outcome).toMatchObject({ kind: 'response', status: 502 });
      if (outcome.kind !== 'response') return;
      const body = JSON.parse(outcome.body) as Record<string, string>;
      expect(body).toMatchObject({
        kind: 'dns',
        route: '/dns',
        code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/),
      });
      expect(body.cause).toContain('"no-such-host.invalid" could not be resolved');
      expect(body.hint).toContain("routes['/dns'].target");
      expect(outcome.ms).toBeLessThan(routeTimeoutMs + marginMs);
      expect(crashes.errors).toEqual([]);
    });

    it('localhost → a backend on 127.0.0.1 only: proxied when localhost resolves to 127.0.0.1, else a 502 that says so', async () => {
      const outcome = await send(rig.url, '/v4-only/x');
      expect(outcome.ms).toBeLessThan(routeTimeoutMs + marginMs);
      if (localhostFamilies.has(4)) {
        // Here (or with happy eyeballs trying both families) the connection simply works.
        expect(outcome).toMatchObject({ kind: 'response', status: 200, body: '{"listening":"127.0.0.1"}' });
        return;
      }
      expect(outcome).toMatchObject({ kind: 'response', status: 502 });
      if (outcome.kind !== 'response') return;
      expect(JSON.parse(outcome.body)).toMatchObject({
        kind: 'refused',
        hint: `The backend listens on 127.0.0.1 only, but "localhost" resolved to ::1. Set routes['/v4-only'].target to 'http://127.0.0.1:${ports.v4}'.`,
      });
    });

    it.skipIf(!ipv6)(
      'localhost → a backend on ::1 only: proxied when localhost resolves to ::1, else a 502 naming [::1]',
      async () => {
        // On this project's machines /etc/hosts maps localhost to 127.0.0.1 alone, so this is the real,
        // end-to-end ECONNREFUSED-while-the-other-family-listens case; the mirror message ("listens on 127.0.0.1
        // only, but localhost resolved to ::1") is covered by packages/shared/test/integration/diagnose-localhost.test.ts.
        const outcome = await send(rig.url, '/v6-only/x');
        expect(outcome.ms).toBeLessThan(routeTimeoutMs + marginMs);
        if (localhostFamilies.has(6)) {
          expect(outcome).toMatchObject({ kind: 'response', status: 200, body: '{"listening":"::1"}' });
          return;
        }
        expect(outcome).toMatchObject({ kind: 'response', status: 502 });
        if (outcome.kind !== 'response') return;
        expect(JSON.parse(outcome.body)).toMatchObject({
          kind: 'refused',
          code: 'ECONNREFUSED',
          hint: `The backend listens on ::1 only, but "localhost" resolved to 127.0.0.1. Set routes['/v6-only'].target to 'http://[::1]:${ports.v6}'.`,
        });
      },
    );

    it('the dev server still answers normally', async () => {
      expect(await send(rig.url, '/ok/after')).toMatchObject({ kind: 'response', status: 200 });
      expect(crashes.errors).toEqual([]);
    });
  });
}
