import http, { type IncomingMessage } from 'node:http';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import { findClosedPort } from '../../../../packages/shared/test/support/closed-port.js';
import { sendRequest } from '../../../../packages/shared/test/support/send-request.js';
import { createEventReader } from '../../../../packages/shared/test/support/sse.js';
import type { ContractGroup } from '../contract-group.js';
import { type StartedHost, startHost } from '../start-host.js';

/**
 * The proxy's behaviour every host must show, written once: each host starts with `scenarioOptions(...)` and
 * runs every scenario, so Vite, webpack and Angular are held to the same behaviour by construction.
 */
export interface ScenarioContext {
  /** The dev server, e.g. http://127.0.0.1:5173 */
  readonly devUrl: string;
  readonly backend: RunningBackend;
  /** Lines the host's logger printed so far (our prefix included). */
  readonly logs: () => readonly string[];
}

export interface Scenario {
  readonly name: string;
  run(context: ScenarioContext): Promise<void>;
}

/** The routes every host is configured with for the shared scenarios. */
export function scenarioOptions(backendUrl: string, closedPort: number): CorsDevProxyOptions {
  return {
    routes: {
      '/api': { target: backendUrl, ws: true },
      // Prefix rewrite plus a target path: /v1/hello → /api/hello upstream.
      '/v1': { target: `${backendUrl}/api`, rewrite: '' },
      // Fails fast here; waiting for a backend that is starting is tested on its own.
      '/down': { target: `http://127.0.0.1:${closedPort}`, retryConnectMs: 0 },
      '/slow': { target: backendUrl, rewrite: '/api', timeoutMs: 400 },
    },
  };
}

function hostOf(url: string): string {
  return new URL(url).host;
}

async function json(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/json/);
  return (await response.json()) as Record<string, unknown>;
}

/** Waits for the next request the backend receives, so a test can watch what happens to it upstream. */
function nextUpstreamRequest(backend: RunningBackend): Promise<IncomingMessage> {
  return new Promise((resolve) => backend.server.once('request', resolve));
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'answers HEAD, 204 and 304 without a body and keeps the connection for the next request',
    async run({ devUrl }) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<unknown>();
      agent.on('free', (socket) => sockets.add(socket));
      try {
        const head = await sendRequest(`${devUrl}/api/hello`, { method: 'HEAD', agent });
        expect(head.status).toBe(200);
        expect(head.body).toBe('');
        // The length of the body GET would have: a HEAD answer keeps the upstream's Content-Length.
        expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
        for (const status of [204, 304]) {
          const empty = await sendRequest(`${devUrl}/api/status/${status}`, { method: 'GET', agent });
          expect(empty.status).toBe(status);
          expect(empty.body).toBe('');
        }
        const get = await sendRequest(`${devUrl}/api/hello`, { method: 'GET', agent });
        expect(get.status).toBe(200);
        expect(Number(get.headers['content-length'])).toBe(Buffer.byteLength(get.body));
        expect(JSON.parse(get.body)).toMatchObject({ message: expect.any(String) });
        // All four on one connection: no response left it in a state the next request could not use.
        expect(sockets.size).toBe(1);
      } finally {
        agent.destroy();
      }
    },
  },
  {
    name: 'proxies a GET and rewrites Host, Origin and Referer to the target',
    async run({ devUrl, backend }) {
      const response = await fetch(`${devUrl}/api/hello?x=1`, {
        headers: { origin: devUrl, referer: `${devUrl}/settings` },
      });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body).toMatchObject({
        path: '/api/hello',
        host: hostOf(backend.url),
        origin: backend.url,
        referer: `${backend.url}/`,
      });
    },
  },
  {
    name: 'maps a prefix rewrite and a target path',
    async run({ devUrl }) {
      const body = await json(await fetch(`${devUrl}/v1/hello`));
      expect(body.path).toBe('/api/hello');
    },
  },
  {
    name: 'matches on a segment boundary and leaves other paths to the host',
    async run({ devUrl, backend }) {
      let upstreamHits = 0;
      const count = () => upstreamHits++;
      backend.server.on('request', count);
      try {
        const response = await fetch(`${devUrl}/apix/hello`, { headers: { accept: 'application/json' } });
        expect(response.headers.get('x-cors-dev-proxy-error')).toBeNull();
        await response.arrayBuffer();
        expect(upstreamHits).toBe(0);
      } finally {
        backend.server.off('request', count);
      }
    },
  },
  {
    name: 'makes the login cookie work on the local origin',
    async run({ devUrl }) {
      const login = await fetch(`${devUrl}/api/login`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(login.status).toBe(200);
      const [cookie] = login.headers.getSetCookie();
      // Domain=example.com would make every browser reject the cookie on localhost; Secure stays (trustworthy host).
      expect(cookie).toMatch(/^session=s3cr3t-[^;]+; Path=\/; Secure; HttpOnly; SameSite=None$/);
      const me = await fetch(`${devUrl}/api/me`, { headers: { cookie: String(cookie).split(';')[0] ?? '' } });
      expect(me.status).toBe(200);
      expect(await json(me)).toMatchObject({ user: 'ada' });
    },
  },
  {
    name: 'keeps a 303 after POST on the local origin',
    async run({ devUrl }) {
      const response = await fetch(`${devUrl}/api/orders`, {
        method: 'POST',
        body: JSON.stringify({ item: 'tea' }),
        headers: { 'content-type': 'application/json' },
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`http://${hostOf(devUrl)}/api/orders/42`);
      const viaRewrite = await fetch(`${devUrl}/v1/orders`, {
        method: 'POST',
        body: '{}',
        redirect: 'manual',
        headers: { 'content-type': 'application/json' },
      });
      expect(viaRewrite.headers.get('location')).toBe(`http://${hostOf(devUrl)}/v1/orders/42`);
    },
  },
  {
    name: 'rewrites Link and Content-Location',
    async run({ devUrl }) {
      const response = await fetch(`${devUrl}/api/link`);
      await response.arrayBuffer();
      expect(response.headers.get('link')).toContain(`<http://${hostOf(devUrl)}/api/orders?page=2>`);
      expect(response.headers.get('content-location')).toBe(`http://${hostOf(devUrl)}/api/orders/42`);
    },
  },
  {
    name: 'streams server-sent events one by one (the next event needs the previous one acknowledged)',
    async run({ devUrl }) {
      const response = await fetch(`${devUrl}/api/events?count=3&ack=1`, {
        headers: { accept: 'text/event-stream' },
      });
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const events = createEventReader(response.body as ReadableStream<Uint8Array>);
      const hello = await events.next();
      const { stream } = JSON.parse(hello?.data ?? '{}') as { stream: string };
      const ticks: number[] = [];
      for (;;) {
        const event = await events.next();
        if (!event || event.event === 'done') break;
        const { n } = JSON.parse(event.data) as { n: number };
        ticks.push(n);
        // A buffering proxy never delivers this event before the stream ends, and the stream never ends
        // without this acknowledgement: the test would hang and fail on its timeout.
        const ack = await fetch(`${devUrl}/api/events/ack?stream=${stream}&n=${n}`, { method: 'POST' });
        expect(ack.status).toBeLessThan(300);
      }
      expect(ticks).toEqual([0, 1, 2]);
    },
  },
  {
    name: 'proxies a WebSocket with the Origin rewritten',
    async run({ devUrl, backend }) {
      const socket = new WebSocket(`${devUrl.replace(/^http/, 'ws')}/api/ws`, { origin: devUrl });
      const messages: string[] = [];
      await new Promise<void>((resolve, reject) => {
        socket.on('message', (data) => {
          messages.push(String(data));
          if (messages.length === 1) socket.send('ping');
          if (messages.length === 2) resolve();
        });
        socket.on('error', reject);
      });
      socket.close();
      expect(JSON.parse(messages[0] ?? '{}')).toMatchObject({
        type: 'hello',
        origin: backend.url,
        host: hostOf(backend.url),
      });
      expect(messages[1]).toBe('echo:ping');
    },
  },
  {
    name: 'answers an unreachable upstream with a diagnostic 502 in the format the client accepts',
    async run({ devUrl }) {
      const asJson = await fetch(`${devUrl}/down/users`, { headers: { accept: 'application/json' } });
      expect(asJson.status).toBe(502);
      expect(await json(asJson)).toMatchObject({
        route: '/down',
        kind: 'refused',
        code: 'ECONNREFUSED',
        hint: expect.stringMatching(/Start the backend/),
      });
      const asHtml = await fetch(`${devUrl}/down/<b>x</b>`, { headers: { accept: 'text/html' } });
      expect(asHtml.status).toBe(502);
      const html = await asHtml.text();
      expect(html).toContain('connection refused');
      expect(html).not.toContain('<b>x</b>');
      const asText = await fetch(`${devUrl}/down/users`);
      expect(asText.headers.get('content-type')).toMatch(/text\/plain/);
      expect(await asText.text()).toMatch(/Route: +\/down → http:\/\/127\.0\.0\.1:\d+/);
    },
  },
  {
    name: 'gives up on a silent upstream with a 504 after timeoutMs',
    async run({ devUrl }) {
      const response = await fetch(`${devUrl}/slow/slow?ms=20000`, {
        headers: { accept: 'application/json' },
      });
      expect(response.status).toBe(504);
      expect(await json(response)).toMatchObject({
        kind: 'timeout',
        hint: expect.stringMatching(/timeoutMs/),
      });
    },
  },
  {
    name: 'aborts the upstream request when the client goes away',
    async run({ devUrl, backend }) {
      const upstream = nextUpstreamRequest(backend);
      const controller = new AbortController();
      const pending = fetch(`${devUrl}/api/slow?ms=20000`, { signal: controller.signal }).catch(
        (error: Error) => error,
      );
      const upstreamRequest = await upstream;
      const upstreamClosed = new Promise<void>((resolve) => upstreamRequest.once('close', () => resolve()));
      controller.abort();
      expect(await pending).toBeInstanceOf(Error);
      // Without abort propagation the backend would hold this request for 20 s and the test would time out.
      await upstreamClosed;
    },
  },
  {
    name: 'writes one access-log line per proxied request',
    async run({ devUrl, logs }) {
      await (await fetch(`${devUrl}/api/hello?token=secret`)).arrayBuffer();
      await expect
        .poll(() => logs().find((line) => line.includes('GET /api/hello?…')))
        .toMatch(/→ http:\/\/127\.0\.0\.1:\d+\/api\/hello\?… 200 \d+ ms/);
      expect(logs().join('\n')).not.toContain('secret');
    },
  },
];

export const proxyScenarios: ContractGroup = {
  title: 'proxy scenarios',
  tiers: {
    integration(harness) {
      let backend: RunningBackend;
      let host: StartedHost;
      beforeAll(async () => {
        backend = await startBackend();
        host = await startHost(harness, scenarioOptions(backend.url, await findClosedPort()));
      });
      afterAll(async () => {
        await host?.close();
        await backend?.close();
      });
      for (const scenario of scenarios) {
        it(scenario.name, () => scenario.run({ devUrl: host.url, backend, logs: () => host.lines }));
      }
    },
  },
};
