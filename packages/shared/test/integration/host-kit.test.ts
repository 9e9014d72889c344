import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  attachOnFirstRequest,
  clientScriptPath,
  createDeferredProxy,
  createHostLogger,
  type DeferredProxy,
  pageCallsPath,
  resolveHostOptions,
  runBuildAudit,
  warningStreamPath,
} from '../../src/host/index.js';
import { type RunningBackend, startBackend } from '../support/backend.js';
import { findClosedPort } from '../support/closed-port.js';
import { type ProductionServer, startProductionServer } from '../support/production-server.js';
import { sendRequest } from '../support/send-request.js';
import { createEventReader } from '../support/sse.js';

/**
 * A host made from the kit alone, the way the webpack and Angular adapters are: a synchronous hook (the proxy
 * is deferred while the config file loads), no server handle (attached on the first request), no browser
 * channel of its own (the core's event stream and client script), and options in a dialect of its own.
 */
describe('the host kit on a bare node:http host', () => {
  let backend: RunningBackend;
  let production: ProductionServer;
  let root: string;
  let server: http.Server;
  let url: string;
  let proxy: DeferredProxy;
  const lines: string[] = [];
  const logger = createHostLogger({
    info: (message) => lines.push(message),
    warn: (message) => lines.push(message),
    error: (message) => lines.push(message),
  });

  beforeAll(async () => {
    backend = await startBackend();
    production = await startProductionServer('strict');
    root = await mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-kit-'));
    const down = await findClosedPort();
    await writeFile(
      path.join(root, 'cors-dev-proxy.config.mjs'),
      `export default ${JSON.stringify({
        production: { origin: 'https://app.example.com', targets: { '/api': production.url } },
        failOnProductionCors: true,
      })};\n`,
    );
    server = http.createServer();
    // The host's own proxy config, in http-proxy-middleware's dialect: adopted because the file gives no routes.
    proxy = createDeferredProxy(
      resolveHostOptions({
        inline: undefined,
        root,
        host: 'the test host',
        hostProxy: {
          dialect: 'http-proxy-middleware',
          entries: [
            { context: ['/api'], target: backend.url, ws: true },
            { context: ['/down'], target: `http://127.0.0.1:${down}`, proxyTimeout: 2000 },
          ],
          label: 'proxy',
        },
      }),
      { logger, root, noRoutesHint: 'Add routes.' },
    );
    // As the Angular builder does: the attacher exists once the proxy does.
    let attach: ((req: http.IncomingMessage) => void) | undefined;
    server.on('request', (req, res) => {
      void proxy.ready.then((created) => {
        if (!created) return;
        attach ??= attachOnFirstRequest(created, { secure: false });
        attach(req);
      });
      proxy.middleware(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('the host app\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await proxy?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await production?.close();
    await backend?.close();
  });

  it('proxies a request that arrives before the config file is read (it waits, it does not fall through)', async () => {
    // Sent at once: the config file is loaded asynchronously, so the proxy does not exist yet.
    const answer = await sendRequest(`${url}/api/hello`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ path: '/api/hello' });
    expect(lines.join('\n')).toContain("serving proxy entries '/api', '/down' with cors-dev-proxy.");
    expect((await sendRequest(`${url}/elsewhere`)).body).toBe('the host app\n');
  });

  it('takes WebSockets on the server it found on the first request', async () => {
    const message = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/api/ws`);
      socket.once('message', (data) => {
        socket.close();
        resolve(String(data));
      });
      socket.once('error', reject);
    });
    expect(JSON.parse(message)).toMatchObject({ type: 'hello', host: new URL(backend.url).host });
  });

  it('streams the warnings to pages: those raised earlier first, then new ones', async () => {
    await sendRequest(`${url}/api/hello`, { headers: { cookie: 'sid=1' } });
    const response = await fetch(`${url}${warningStreamPath}`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const events = createEventReader(response.body as ReadableStream<Uint8Array>);
    const first = await events.next();
    expect(first?.event).toBe('warning');
    expect(JSON.parse(first?.data ?? '{}')).toHaveProperty('id');
    // A new problem while the page listens.
    expect((await sendRequest(`${url}/down/x`)).status).toBe(502);
    for (;;) {
      const event = await events.next();
      if (!event) throw new Error('the stream ended');
      if (JSON.parse(event.data).message.includes('/down/x')) break;
    }
    await events.cancel();
  });

  it('serves the client script, with the page-call reporter while the audit is on', async () => {
    const answer = await sendRequest(`${url}${clientScriptPath}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.body).toContain(warningStreamPath);
    expect(answer.body).toContain(pageCallsPath);
  });

  it('takes the page’s report of a call and judges it with the page’s credentials mode', async () => {
    const report = {
      initiator: 'fetch',
      method: 'GET',
      path: '/api/profile',
      credentials: 'include',
      mode: 'cors',
      headers: [],
    };
    const posted = await sendRequest(`${url}${pageCallsPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(report),
    });
    expect(posted.status).toBe(204);
    await sendRequest(`${url}/api/profile`);
    const audit = JSON.parse((await sendRequest(`${url}/__cors-dev-proxy/audit`)).body) as {
      shapes: { path: string; credentials: boolean; credentialsFrom: string }[];
    };
    expect(audit.shapes.find((shape) => shape.path === '/api/profile')).toMatchObject({
      credentials: true,
      credentialsFrom: 'page',
    });
    const tooBig = await sendRequest(`${url}${pageCallsPath}`, {
      method: 'POST',
      headers: { origin: url },
      body: 'x'.repeat(9000),
    });
    expect(tooBig.status).toBe(413);
  });

  it('fails a production build whose recorded shapes production would block', async () => {
    const created = await proxy.ready;
    // A PUT with JSON, which the strict production policy does not allow.
    await sendRequest(`${url}/api/orders/1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await expect
      .poll(async () => (await created?.auditor?.judgeAll())?.map((judgement) => judgement.shape.key))
      .toContain('PUT /api/orders/:id [content-type]');
    await created?.auditor?.flush();
    const buildLines: string[] = [];
    const buildLogger = createHostLogger({
      info: (message) => buildLines.push(message),
      warn: (message) => buildLines.push(message),
      error: (message) => buildLines.push(message),
    });
    const failure = await runBuildAudit(
      {
        routes: { '/api': backend.url },
        production: { origin: 'https://app.example.com', targets: { '/api': production.url } },
        failOnProductionCors: true,
      },
      root,
      buildLogger,
    );
    expect(failure).toMatch(/^\d+ request shape\(s\) would be blocked by CORS in production/);
    expect(buildLines.join('\n')).toContain('PUT /api/orders/:id [content-type]');
  });
});
