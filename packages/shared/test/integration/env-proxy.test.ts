import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CorsDevProxy, createCorsDevProxy, liveCheck } from '../../src/index.js';
import { type ForwardProxy, startForwardProxy } from '../support/forward-proxy.js';
import { createSelfSignedCertificate } from '../support/self-signed.js';

// A corporate network where the backend is only reachable through the forward proxy named in HTTPS_PROXY /
// HTTP_PROXY: upstream requests and production probes must go through it, except what NO_PROXY excludes.
describe('HTTP_PROXY / HTTPS_PROXY / NO_PROXY', () => {
  const saved = { ...process.env };
  const servers: http.Server[] = [];
  let forward: ForwardProxy;
  let plainUrl: string;
  let tlsUrl: string;
  let cert: string;
  let proxy: CorsDevProxy | undefined;

  const listen = async (server: http.Server) => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };

  beforeAll(async () => {
    forward = await startForwardProxy();
    const tls = createSelfSignedCertificate();
    cert = tls.cert;
    const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.setHeader('access-control-allow-origin', 'https://app.example.com');
      res.setHeader('access-control-allow-methods', 'PATCH, patch');
      res.end(JSON.stringify({ path: req.url }));
    };
    plainUrl = `http://127.0.0.1:${await listen(http.createServer(answer))}`;
    tlsUrl = `https://127.0.0.1:${await listen(https.createServer(tls, answer))}`;
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    process.env = { ...saved };
  });
  afterAll(async () => {
    await forward?.close();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  async function through(options: Parameters<typeof createCorsDevProxy>[0], path: string) {
    proxy = createCorsDevProxy({ accessLog: false, ...options });
    const front = http.createServer((req, res) =>
      proxy?.middleware(req, res, () => res.writeHead(404).end()),
    );
    const url = `http://127.0.0.1:${await listen(front)}`;
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: await response.text() };
  }

  it('sends http upstream requests to HTTP_PROXY in absolute form', async () => {
    process.env.HTTP_PROXY = forward.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const { status, body } = await through({ routes: { '/api': plainUrl } }, '/api/plain');
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ path: '/api/plain' });
    expect(forward.seen).toContain(`GET ${plainUrl}/api/plain`);
  });

  it('tunnels https upstreams through HTTPS_PROXY with CONNECT, TLS checked end to end', async () => {
    process.env.HTTPS_PROXY = forward.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    // A host name, as real backends have: https-proxy-agent checks the certificate against the name it sends.
    const named = tlsUrl.replace('127.0.0.1', 'localhost');
    const { status, body } = await through(
      { routes: { '/secure': { target: named, ca: cert } } },
      '/secure/x',
    );
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ path: '/secure/x' });
    expect(forward.seen).toContain(`CONNECT ${new URL(named).host}`);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    process.env.HTTP_PROXY = forward.url;
    process.env.NO_PROXY = '127.0.0.1';
    const before = forward.seen.length;
    const { status } = await through({ routes: { '/api': plainUrl } }, '/api/direct');
    expect(status).toBe(200);
    expect(forward.seen.length).toBe(before);
  });

  it('sends production probes (the live check) through the proxy too', async () => {
    process.env.HTTP_PROXY = forward.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const { verdict } = await liveCheck({
      pageOrigin: 'https://app.example.com',
      request: {
        url: `${plainUrl}/api/probe`,
        method: 'GET',
        headers: [],
        credentials: 'same-origin',
        initiator: 'fetch',
      },
    });
    expect(verdict.allowed).toBe(true);
    expect(forward.seen).toContain(`GET ${plainUrl}/api/probe`);
  });

  it('tunnels the live check through HTTPS_PROXY with its bytes intact: patch reaches the backend as patch', async () => {
    process.env.HTTPS_PROXY = forward.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const url = `${tlsUrl.replace('127.0.0.1', 'localhost')}/api/tunnel`;
    const check = (method: string) =>
      liveCheck({
        pageOrigin: 'https://app.example.com',
        request: { url, method, headers: [], credentials: 'same-origin', initiator: 'fetch' },
        sendActual: true,
        ca: cert,
      }).then(({ verdict }) => verdict);
    // The Node backend serves PATCH but answers patch with a bare 400, as it does for Chromium.
    expect((await check('PATCH')).allowed).toBe(true);
    expect((await check('patch')).corsError).toBe('MissingAllowOriginHeader');
    expect(forward.seen).toContain(`CONNECT ${new URL(url).host}`);
  });
});
