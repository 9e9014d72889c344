import { createHash } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningBackend, startBackend } from '../../../../packages/shared/test/support/backend.js';
import { sendRequest } from '../../../../packages/shared/test/support/send-request.js';
import type { ContractGroup } from '../contract-group.js';
import type { HostHarness } from '../harness.js';
import { type StartedHost, startHost } from '../start-host.js';
import { dashboardInChromiumContracts } from './chromium/dashboard-in-chromium.js';

/**
 * The page's policy, exactly, for the inline style and script it carries: each admitted by its own hash and
 * nothing else; anything looser is a regression (dashboard-page.ts).
 */
export function expectedCsp(page: string): string {
  const hashOf = (tag: 'style' | 'script') => {
    const inline = [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))];
    expect(inline, `one inline <${tag}>`).toHaveLength(1);
    return `'sha256-${createHash('sha256').update(inline[0]![1]!).digest('base64')}'`;
  };
  return `default-src 'none'; script-src ${hashOf('script')}; style-src ${hashOf('style')}; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
}

const corsHeaderNames = (answer: { headers: http.IncomingHttpHeaders }) =>
  Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

/** Everything the dashboard serves: each behind the own endpoints' guard. */
const dashboardPaths = [
  '/__cors-dev-proxy/',
  '/__cors-dev-proxy/dashboard/state',
  '/__cors-dev-proxy/dashboard/request?id=1',
  '/__cors-dev-proxy/dashboard/production',
  '/__cors-dev-proxy/dashboard/events',
];

function dashboardContracts(harness: HostHarness): void {
  const first = harness.capabilities.takesRequestsFirst;
  describe('the dashboard', () => {
    let backend: RunningBackend;
    let server: StartedHost;
    let sameOrigin: Record<string, string>;

    beforeAll(async () => {
      backend = await startBackend();
      server = await startHost(harness, {
        routes: { '/api': { target: backend.url, ws: true, headers: { 'x-team-key': 'team-key-123' } } },
      });
      sameOrigin = { 'sec-fetch-site': 'same-origin' };
    });
    afterAll(async () => {
      await server?.close();
      await backend?.close();
    });

    it('prints its URL once at start-up, through the host’s logger', async () => {
      const port = new URL(server.url).port;
      // Hosts that hand the kit its server only with the first request (Angular) print it then.
      await sendRequest(`${server.url}/api/hello`);
      await expect
        .poll(() => server.lines.filter((line) => line.includes('dashboard: ')))
        .toEqual([expect.stringContaining(`dashboard: http://localhost:${port}/__cors-dev-proxy/`)]);
    });

    it('serves the page as one response, its style and script inline under a strict CSP, no CORS header', async () => {
      const page = await sendRequest(`${server.url}/__cors-dev-proxy/`, { headers: sameOrigin });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(expectedCsp(page.body));
      expect(page.headers['x-frame-options']).toBe('DENY');
      // Nothing loaded from elsewhere, no other inline code: no src/href to a resource, no event attribute.
      expect(page.body).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=| on[a-z]+=|<style [^>]*>/);
      expect(corsHeaderNames(page)).toEqual([]);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(page.headers['cache-control']).toBe('no-store');
      // A script that would read as markup is still only script: no innerHTML anywhere in it.
      expect(page.body).not.toContain('innerHTML');
    });

    it('records a proxied request with the headers before and after the rewrites, secrets hidden', async () => {
      await sendRequest(`${server.url}/api/hello?token=query-secret`, {
        headers: { cookie: 'sid=cookie-secret', origin: new URL(server.url).origin },
      });
      const state = JSON.parse(
        (await sendRequest(`${server.url}/__cors-dev-proxy/dashboard/state`, { headers: sameOrigin })).body,
      );
      expect(state.routes).toEqual([
        expect.objectContaining({ prefix: '/api', target: backend.url, ws: true, state: 'up' }),
      ]);
      const row = state.requests.find((request: { path: string }) => request.path === '/api/hello?…');
      expect(row).toMatchObject({ method: 'GET', status: 200, route: '/api' });
      const detailAnswer = await sendRequest(
        `${server.url}/__cors-dev-proxy/dashboard/request?id=${row.id}`,
        {
          headers: sameOrigin,
        },
      );
      const detail = JSON.parse(detailAnswer.body);
      const sentUpstream = Object.fromEntries(detail.request.sent);
      expect(sentUpstream.host).toBe(new URL(backend.url).host);
      expect(sentUpstream['x-team-key']).toBe('…');
      expect(Object.fromEntries(detail.request.received).cookie).toBe('sid=…');
      expect(detail.timings.firstByte).toEqual(expect.any(Number));
      for (const secret of ['query-secret', 'cookie-secret', 'team-key-123']) {
        expect(detailAnswer.body).not.toContain(secret);
      }
    });

    it('shows an event stream and a WebSocket as open while they are, then how they ended', async () => {
      const rows = async () =>
        JSON.parse(
          (await sendRequest(`${server.url}/__cors-dev-proxy/dashboard/state`, { headers: sameOrigin })).body,
        ).requests as {
          path: string;
          kind: string;
          status: number | null;
          open: boolean;
          ms: number | null;
        }[];
      const row = async (path: string) => (await rows()).find((request) => request.path === path);
      const events = await fetch(`${server.url}/api/events?count=10000&interval=50`);
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/ws`, {
        origin: new URL(server.url).origin,
      });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      await expect
        .poll(() => row('/api/events?…'))
        .toMatchObject({ kind: 'event-stream', status: 200, open: true, ms: null });
      await expect.poll(() => row('/api/ws')).toMatchObject({ kind: 'websocket', status: 101, open: true });
      await events.body?.cancel();
      socket.close();
      await expect
        .poll(() => row('/api/events?…'))
        .toMatchObject({ kind: 'event-stream', open: false, ms: expect.any(Number) });
      await expect
        .poll(() => row('/api/ws'))
        .toMatchObject({ kind: 'websocket', open: false, ms: expect.any(Number) });
    });

    // Attack: DNS rebinding, and pages on other sites reading the dashboard (it shows the app's traffic).
    it.each(dashboardPaths)('refuses %s on a foreign Host and from other sites', async (path) => {
      const port = new URL(server.url).port;
      for (const headers of [
        { host: `evil.example:${port}` },
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
      ] as Record<string, string>[]) {
        const answer = await sendRequest(`${server.url}${path}`, { headers });
        expect(answer.status, JSON.stringify(headers)).toBe(403);
        expect(corsHeaderNames(answer)).toEqual([]);
        expect(answer.body).not.toContain('/api/hello');
      }
    });

    // Attack: a page on another site posts a form to the check, to make the developer's machine send requests
    // (into their network) for it. A form post carries the attacker's Origin and a form content type.
    it('runs the check only for the dashboard page itself', async () => {
      const check = `${server.url}/__cors-dev-proxy/dashboard/check`;
      const body = JSON.stringify({ url: `${backend.url}/api/hello`, origin: 'https://app.example.com' });
      const ownOrigin = new URL(server.url).origin;
      const refused: Record<string, string>[] = [
        { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        { origin: 'null', 'content-type': 'text/plain' },
        { 'content-type': 'application/json' },
        { origin: ownOrigin, 'content-type': 'text/plain' },
      ];
      for (const headers of refused) {
        const answer = await sendRequest(check, { method: 'POST', headers, body });
        expect(answer.status, JSON.stringify(headers)).toBe(403);
        expect(corsHeaderNames(answer)).toEqual([]);
      }
      const get = await sendRequest(check, { headers: sameOrigin });
      expect(get.status).toBe(405);
      const answer = await sendRequest(check, {
        method: 'POST',
        headers: { origin: ownOrigin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        body,
      });
      expect(answer.status).toBe(200);
      const report = JSON.parse(answer.body);
      expect(report).toMatchObject({
        preflight: false,
        requests: [expect.objectContaining({ kind: 'actual' })],
      });
      expect(typeof report.allowed).toBe('boolean');
      const bad = await sendRequest(check, {
        method: 'POST',
        headers: { origin: ownOrigin, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'ftp://x', origin: 'https://app.example.com' }),
      });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).error).toContain('must be http: or https:');
    });
  });

  describe('dashboard: false', () => {
    let backend: RunningBackend;
    let server: StartedHost;
    beforeAll(async () => {
      backend = await startBackend();
      server = await startHost(harness, { routes: { '/api': backend.url }, dashboard: false });
    });
    afterAll(async () => {
      await server?.close();
      await backend?.close();
    });

    it('serves none of it: 404 like an unknown own path, and no start-up line', async () => {
      await sendRequest(`${server.url}/api/hello`);
      for (const path of [...dashboardPaths, '/__cors-dev-proxy/dashboard/check']) {
        const answer = await sendRequest(`${server.url}${path}`, {
          headers: { 'sec-fetch-site': 'same-origin' },
        });
        expect(answer.status, path).toBe(404);
        if (first) expect(answer.headers['x-cors-dev-proxy-error'], path).toBe('endpoint');
      }
      expect(server.lines.join('\n')).not.toContain('dashboard: ');
    });
  });
}

export const dashboard: ContractGroup = {
  title: 'the dashboard',
  tiers: {
    integration: dashboardContracts,
    browser: dashboardInChromiumContracts,
  },
};
