// Plays every way an upstream can fail a request — refused, reset before or during the headers, reset in the
// body, hanging, trickling, garbage, oversized headers, broken chunked encoding, an untrusted certificate — one
// at a time through a real Vite 8 dev server. A developer's backend does all of these while it restarts,
// crashes or misbehaves; the dev server must answer each with a diagnosis (or, once the headers are out, cut
// the response so the browser sees the failure) within the route's time limit, and keep serving afterwards.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpFault, trickleBody } from '../../../shared/test/support/fault-upstream.js';
import { type FaultRig, type Outcome, routeTimeoutMs, send, startFaultRig, watchForCrashes } from './fault-rig.js';

/** Room for a loaded CI machine on top of the route's time limit. */
const marginMs = 2_000;

type Expectation =
  | { readonly status: 502 | 504; readonly kind: string; readonly code?: string | RegExp }
  | { readonly abortedAfterHeaders: 200 }
  | { readonly body: string };

const expectations: Record<HttpFault, Expectation> = {
  ok: { body: '{"ok":true}' },
  refuse: { status: 502, kind: 'refused', code: 'ECONNREFUSED' },
  'reset-headers': { status: 502, kind: 'reset' },
  'reset-status-line': { status: 502, kind: 'reset' },
  'reset-body': { abortedAfterHeaders: 200 },
  hang: { status: 504, kind: 'timeout', code: 'UPSTREAM_TIMEOUT' },
  'trickle-headers': { status: 504, kind: 'timeout', code: 'UPSTREAM_TIMEOUT' },
  // Once the headers are in, the time limit no longer applies: a slow stream is not a dead backend.
  'trickle-body': { body: trickleBody },
  malformed: { status: 502, kind: 'other', code: /^HPE_/ },
  'oversized-headers': { status: 502, kind: 'other', code: 'HPE_HEADER_OVERFLOW' },
  // Nothing reached the browser yet when the bad chunk arrives, so the proxy can still answer a diagnosis.
  'broken-chunked': { status: 502, kind: 'other', code: 'HPE_INVALID_CHUNK_SIZE' },
  'broken-chunked-mid-body': { abortedAfterHeaders: 200 },
  'bad-tls': { status: 502, kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
};

function describeOutcome(outcome: Outcome): string {
  return outcome.kind === 'response'
    ? `${outcome.status} ${outcome.body.slice(0, 300)}`
    : JSON.stringify(outcome);
}

describe('each upstream fault through Vite 8', () => {
  let rig: FaultRig;
  const crashes = watchForCrashes();

  beforeAll(async () => {
    rig = await startFaultRig();
  });
  afterAll(async () => {
    crashes.dispose();
    await rig?.close();
  });
  afterEach(async () => {
    // The dev server is still up and proxying: a normal request after each fault succeeds.
    const after = await send(rig.url, '/ok/after');
    expect(describeOutcome(after)).toBe('200 {"ok":true}');
    expect(crashes.errors).toEqual([]);
  });

  for (const [fault, expected] of Object.entries(expectations) as [HttpFault, Expectation][]) {
    it(`${fault}: ends within timeoutMs + ${marginMs} ms`, async () => {
      const outcome = await send(rig.url, `/${fault}/x?case=${fault}`);
      expect(outcome.ms, describeOutcome(outcome)).toBeLessThan(routeTimeoutMs + marginMs);
      if ('body' in expected) {
        expect(describeOutcome(outcome)).toBe(`200 ${expected.body}`);
      } else if ('abortedAfterHeaders' in expected) {
        expect(outcome, describeOutcome(outcome)).toMatchObject({
          kind: 'aborted-after-headers',
          status: expected.abortedAfterHeaders,
        });
      } else {
        expect(outcome.kind, describeOutcome(outcome)).toBe('response');
        if (outcome.kind !== 'response') return;
        expect(outcome.status, outcome.body).toBe(expected.status);
        expect(outcome.headers['content-type']).toMatch(/^application\/json/);
        expect(outcome.headers['x-cors-dev-proxy-error']).toBe(expected.kind);
        const body = JSON.parse(outcome.body) as Record<string, string>;
        expect(body).toMatchObject({ kind: expected.kind, route: `/${fault}` });
        if (expected.code !== undefined) expect(body.code).toMatch(expected.code);
        expect(body.cause.length).toBeGreaterThan(0);
        expect(body.hint.length).toBeGreaterThan(0);
        // The diagnosis is the proxy's own response: nothing of a failed upstream response may stick to it (a
        // leftover Content-Encoding makes the browser fail to decode it; a Set-Cookie would be stored).
        expect(outcome.headers['content-encoding']).toBeUndefined();
        expect(outcome.headers['set-cookie']).toBeUndefined();
      }
    });
  }

  it('hang: a timed-out request frees its upstream connection', async () => {
    const before = await rig.upstream.openConnections();
    const outcome = await send(rig.url, '/hang/freed');
    expect(outcome).toMatchObject({ kind: 'response', status: 504 });
    await expect.poll(() => rig.upstream.openConnections(), { timeout: 5_000 }).toBeLessThanOrEqual(before);
  });

  it('hang: a browser that gives up first frees the upstream connection, and nothing is answered late', async () => {
    // The tab is closed while the backend hangs: the proxy must cut its upstream request too, or every
    // abandoned request keeps a backend connection (and a timer) alive.
    const hitsBefore = rig.upstream.hits.hang ?? 0;
    const connectionsBefore = await rig.upstream.openConnections();
    const controller = new AbortController();
    const pending = send(rig.url, '/hang/abandoned', { signal: controller.signal });
    await expect.poll(() => rig.upstream.hits.hang ?? 0).toBe(hitsBefore + 1);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted' });
    await expect
      .poll(() => rig.upstream.openConnections(), { timeout: routeTimeoutMs / 2 })
      .toBeLessThanOrEqual(connectionsBefore);
    await expect.poll(() => rig.devConnections(), { timeout: 5_000 }).toBe(0);
  });

  it('trickle-body: a browser that gives up mid-stream frees the upstream connection', async () => {
    const connectionsBefore = await rig.upstream.openConnections();
    const settled = await new Promise<string>((resolve) => {
      const request = http.get(`${rig.url}/trickle-body/abandoned`, { agent: false }, (response) => {
        response.once('data', () => request.destroy());
        response.on('close', () => resolve(response.complete ? 'complete' : 'cut'));
      });
      request.on('error', () => resolve('cut'));
    });
    expect(settled).toBe('cut');
    await expect
      .poll(() => rig.upstream.openConnections(), { timeout: 2_000 })
      .toBeLessThanOrEqual(connectionsBefore);
  });

  it('answers HTML to a navigation and plain text to other clients, with the same status', async () => {
    const html = await send(rig.url, '/reset-headers/page', { accept: 'text/html' });
    expect(html).toMatchObject({ kind: 'response', status: 502 });
    if (html.kind === 'response') expect(html.body).toContain('the proxy could not reach your backend');
    const text = await send(rig.url, '/hang/text', { accept: '*/*' });
    expect(text).toMatchObject({ kind: 'response', status: 504 });
    if (text.kind === 'response') expect(text.body).toMatch(/^504 Gateway Timeout \(cors-dev-proxy\)/);
  });
});
