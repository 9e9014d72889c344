import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../../../packages/shared/test/support/self-signed.js';
import type { HostHarness } from '../../harness.js';
import { type StartedHost, startHost } from '../../start-host.js';
import { outsideStorms } from './fault-lock.js';

// Upstreams that fail in each way the diagnosis distinguishes, and the fix each diagnosis names. Every request
// must end with a diagnostic, and the server must stay up.
export function upstreamFailureContracts(harness: HostHarness): void {
  describe('upstream failures', () => {
    const servers: net.Server[] = [];
    let host: StartedHost;
    let proxyUrl: string;
    let tls: { key: string; cert: string };

    async function listen(server: net.Server): Promise<number> {
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }

    beforeAll(async () => {
      tls = createSelfSignedCertificate();
      // Accepts the connection, reads the request, then drops it without a byte of response.
      const resetPort = await listen(
        net.createServer((socket) => socket.once('data', () => socket.destroy())),
      );
      const tlsPort = await listen(https.createServer(tls, (_req, res) => res.end('{"ok":true}')));
      const plainPort = await listen(http.createServer((_req, res) => res.end('plain')));
      host = await outsideStorms(() =>
        startHost(harness, {
          accessLog: false,
          routes: {
            '/reset': `http://127.0.0.1:${resetPort}`,
            '/dns': 'http://no-such-host.invalid',
            '/tls': `https://127.0.0.1:${tlsPort}`,
            '/tls-trusted': { target: `https://127.0.0.1:${tlsPort}`, ca: tls.cert },
            '/tls-plain': `https://127.0.0.1:${plainPort}`,
          },
        }),
      );
      proxyUrl = host.url;
    });
    afterAll(async () => {
      await host?.close();
      for (const server of servers) {
        if (server instanceof http.Server) server.closeAllConnections();
        server.close();
      }
    });

    async function diagnosisOf(path: string) {
      const response = await fetch(`${proxyUrl}${path}`, { headers: { accept: 'application/json' } });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    }

    it('maps a reset to 502 naming the closed connection', async () => {
      const { status, body } = await diagnosisOf('/reset/x');
      expect(status).toBe(502);
      expect(body).toMatchObject({ kind: 'reset', route: '/reset' });
      expect(body.cause).toMatch(/closed the connection before sending a complete response/);
    });

    it('maps a DNS failure to 502 naming the host', async () => {
      const { status, body } = await diagnosisOf('/dns/x');
      expect(status).toBe(502);
      expect(body).toMatchObject({ kind: 'dns', code: 'ENOTFOUND' });
      expect(body.cause).toContain('"no-such-host.invalid" could not be resolved');
    });

    it('maps an untrusted certificate to 502 pointing at `ca` and NODE_EXTRA_CA_CERTS', async () => {
      const { status, body } = await diagnosisOf('/tls/x');
      expect(status).toBe(502);
      expect(body).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(body.hint).toMatch(/routes\['\/tls'\]\.ca or NODE_EXTRA_CA_CERTS/);
    });

    it('trusts a certificate given in `ca`', async () => {
      const response = await fetch(`${proxyUrl}/tls-trusted/x`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });

    it('suggests http:// when an https target speaks plain HTTP', async () => {
      const { status, body } = await diagnosisOf('/tls-plain/x');
      expect(status).toBe(502);
      expect(body.hint).toMatch(/try http:\/\//);
    });
  });
}
