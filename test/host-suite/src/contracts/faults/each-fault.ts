// Plays every way an upstream can fail a request — refused, reset before or during the headers, reset in the
// body, hanging, trickling, garbage, oversized headers, broken chunked encoding, an untrusted certificate, a
// stream that stalls after its headers — one at a time through a real dev server. A developer's backend
// does all of these while it restarts, crashes or misbehaves; the dev server must answer each with a diagnosis
// (or, once the headers are out, cut the response so the browser sees the failure) within the route's time
// limit, and keep serving afterwards.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostHarness } from '../../harness.js';
import { endingFaults, expectedLabels, labelOf } from './fault-expectations.js';
import {
  type CrashWatch,
  type FaultRig,
  marginMs,
  routeTimeoutMs,
  send,
  startFaultRig,
  watchForCrashes,
} from './fault-rig.js';

export function eachFaultContracts(harness: HostHarness): void {
  describe('each upstream fault', () => {
    let rig: FaultRig;
    let crashes: CrashWatch;

    beforeAll(async () => {
      // Installed per group, not at collection: another group's crash must not fail this one.
      crashes = watchForCrashes();
      rig = await startFaultRig(harness);
    });
    afterAll(async () => {
      crashes?.dispose();
      await rig?.close();
    });
    afterEach(async () => {
      // The dev server is still up and proxying: a normal request after each fault succeeds.
      expect(labelOf('ok', await send(rig.url, '/ok/after'))).toBe('200 ok');
      expect(crashes.errors).toEqual([]);
    });

    for (const fault of endingFaults) {
      it(`${fault}: ends as "${expectedLabels[fault]}" within timeoutMs + ${marginMs} ms`, async () => {
        const outcome = await send(rig.url, `/${fault}/x?case=${fault}`);
        const label = labelOf(fault, outcome);
        expect(label, JSON.stringify(outcome)).toBe(expectedLabels[fault]);
        expect(outcome.ms, label).toBeLessThan(routeTimeoutMs + marginMs);
        if (outcome.kind !== 'response' || outcome.status < 500) return;
        // The diagnosis, in JSON because the client asked for JSON.
        expect(outcome.headers['content-type']).toMatch(/^application\/json/);
        const body = JSON.parse(outcome.body) as Record<string, string>;
        expect(body).toMatchObject({ kind: outcome.headers['x-cors-dev-proxy-error'], route: `/${fault}` });
        expect(body.cause).not.toBe('');
        expect(body.hint).not.toBe('');
        // The diagnosis is the proxy's own response: nothing of a failed upstream response may stick to it (a
        // leftover Content-Encoding makes the browser fail to decode it; a Set-Cookie would be stored).
        expect(
          outcome.headers['content-encoding'],
          'Content-Encoding of the failed response',
        ).toBeUndefined();
        expect(outcome.headers['set-cookie'], 'Set-Cookie of the failed response').toBeUndefined();
      });
    }

    it('bad-tls, malformed, oversized-headers and broken-chunked name the Node error code', async () => {
      const codes: Record<string, string> = {};
      for (const fault of ['bad-tls', 'malformed', 'oversized-headers', 'broken-chunked']) {
        const outcome = await send(rig.url, `/${fault}/code`);
        codes[fault] =
          outcome.kind === 'response' ? (JSON.parse(outcome.body) as { code: string }).code : outcome.kind;
      }
      expect(codes).toEqual({
        'bad-tls': 'DEPTH_ZERO_SELF_SIGNED_CERT',
        malformed: expect.stringMatching(/^HPE_/),
        'oversized-headers': 'HPE_HEADER_OVERFLOW',
        'broken-chunked': 'HPE_INVALID_CHUNK_SIZE',
      });
    });

    it('stall-after-headers: the browser gets the status and headers at once, before the first event', async () => {
      // An event stream (or any long poll) that has sent its headers and waits for something to say. The
      // browser's fetch resolves and EventSource fires `open` on the headers; a proxy that holds them back
      // until the first body byte leaves the page hanging with nothing to show.
      const startedAt = performance.now();
      const status = await new Promise<string>((resolve) => {
        const request = http.get(`${rig.url}/stall-after-headers/events`, { agent: false }, (response) => {
          resolve(`${response.statusCode} ${response.headers['content-type']}`);
          request.destroy();
        });
        request.on('error', () => resolve('aborted'));
        request.setTimeout(routeTimeoutMs + marginMs, () => {
          resolve(`no headers within ${routeTimeoutMs + marginMs} ms`);
          request.destroy();
        });
      });
      expect(status).toBe('200 text/event-stream');
      expect(performance.now() - startedAt).toBeLessThan(routeTimeoutMs + marginMs);
    });

    it('hang: a timed-out request frees its upstream connection', async () => {
      const before = await rig.upstream.openConnections();
      expect(labelOf('hang', await send(rig.url, '/hang/freed'))).toBe('504 timeout');
      await expect.poll(() => rig.upstream.openConnections(), { timeout: 5_000 }).toBeLessThanOrEqual(before);
    });

    it('hang: a browser that gives up first frees the upstream connection at once', async () => {
      // The tab is closed while the backend hangs: the proxy must cut its upstream request too, or every
      // abandoned request keeps a backend connection (and a timer) alive until the time limit or forever.
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

    it('using every route once raises no "possible EventEmitter memory leak" warning', () => {
      // The tests above went through one route per fault (more than Node's default of 10 listeners). A
      // listener added per route — not per request — is no leak, but Node prints its memory-leak warning in the
      // developer's terminal all the same.
      const used = Object.keys(rig.upstream.hits).length;
      expect(used).toBeGreaterThan(10);
      const leakWarnings = crashes.warnings
        .filter((warning) => warning.name === 'MaxListenersExceededWarning')
        .map((warning) => warning.message);
      expect(leakWarnings).toEqual([]);
    });
  });
}
