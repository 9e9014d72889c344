// Plays a WebSocket backend that dies mid-message (the handshake succeeded, half a frame arrived, then the
// connection dropped), one that drops the connection during the handshake, and a browser tab that vanishes
// with a socket open. Each end of a proxied WebSocket is a raw socket the proxy pipes by hand: if one side's
// death is not passed on, the other side hangs open forever and the dev server collects dead sockets. The
// browser must see the socket close, the dev server must stay up, and every connection must go.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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

interface SocketEnd {
  readonly opened: boolean;
  readonly messages: readonly string[];
  readonly code: number;
  readonly error: string | undefined;
  readonly ms: number;
}

/**
 * Opens a WebSocket through the dev server and resolves when it has closed, however that happened. The client
 * gives up after the route's time limit plus a margin (`error: 'client deadline'`), so a proxy that never
 * answers fails the test instead of hanging it.
 */
function watchSocket(url: string, onOpen?: (socket: WebSocket) => void): Promise<SocketEnd> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { handshakeTimeout: routeTimeoutMs + marginMs });
    let opened = false;
    let error: string | undefined;
    const messages: string[] = [];
    const deadline = setTimeout(() => {
      error = 'client deadline';
      socket.terminate();
    }, routeTimeoutMs + marginMs);
    socket.on('open', () => {
      opened = true;
      onOpen?.(socket);
    });
    socket.on('message', (data) => messages.push(String(data)));
    socket.on('error', (cause) => {
      error ??= cause.message;
    });
    socket.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ opened, messages, code, error, ms: Math.round(performance.now() - startedAt) });
    });
  });
}

export function webSocketFaultContracts(harness: HostHarness): void {
  describe('WebSocket faults', () => {
    let rig: FaultRig;
    let wsUrl: string;
    let crashes: CrashWatch;

    beforeAll(async () => {
      // Installed per group, not at collection: another group's crash must not fail this one.
      crashes = watchForCrashes();
      rig = await startFaultRig(harness);
      wsUrl = rig.url.replace(/^http/, 'ws');
    });
    afterAll(async () => {
      crashes?.dispose();
      await rig?.close();
    });
    afterEach(async () => {
      // The dev server survives: plain HTTP and a healthy WebSocket both still work.
      expect(await send(rig.url, '/ok/after')).toMatchObject({ kind: 'response', status: 200 });
      const echo = await watchSocket(`${wsUrl}/ws-echo/after`, (socket) => {
        socket.once('message', () => socket.close(1000));
        socket.send('still there?');
      });
      expect(echo).toMatchObject({ opened: true, messages: ['still there?'], code: 1000 });
      expect(crashes.errors).toEqual([]);
    });

    it('ws-drop: the browser sees the socket close (1006) and never a half message', async () => {
      const end = await watchSocket(`${wsUrl}/ws-drop/x`);
      expect(end).toMatchObject({ opened: true, messages: [], code: 1006 });
      expect(end.ms).toBeLessThan(routeTimeoutMs + marginMs);
    });

    it('ws-reset-handshake: the browser gets 502 instead of a socket that never opens', async () => {
      const end = await watchSocket(`${wsUrl}/ws-reset-handshake/x`);
      expect(end).toMatchObject({ opened: false, error: 'Unexpected server response: 502' });
      expect(end.ms).toBeLessThan(routeTimeoutMs + marginMs);
    });

    it('200 sockets dropped mid-message, 20 at a time: all close, and no connection stays behind', async () => {
      const [devBefore, upstreamBefore] = [await rig.devConnections(), await rig.upstream.openConnections()];
      const ends: SocketEnd[] = [];
      let next = 0;
      const worker = async () => {
        while (next < 200) {
          next += 1;
          ends.push(await watchSocket(`${wsUrl}/ws-drop/${next}`));
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      const counts: Record<string, number> = {};
      for (const end of ends) {
        const label = `${end.opened ? 'opened' : 'not opened'}, closed ${end.code}${end.messages.length ? ' after a message' : ''}`;
        counts[label] = (counts[label] ?? 0) + 1;
      }
      console.log(
        `ws-drop ×200: ${JSON.stringify(counts)}, slowest ${Math.max(...ends.map((end) => end.ms))} ms`,
      );
      expect(counts).toEqual({ 'opened, closed 1006': 200 });
      await expect.poll(() => rig.devConnections(), { timeout: 5_000 }).toBeLessThanOrEqual(devBefore);
      await expect
        .poll(() => rig.upstream.openConnections(), { timeout: 5_000 })
        .toBeLessThanOrEqual(upstreamBefore);
    });

    it('a browser tab that vanishes with a socket open: the upstream socket is closed too', async () => {
      const [devBefore, upstreamBefore] = [await rig.devConnections(), await rig.upstream.openConnections()];
      const end = await watchSocket(`${wsUrl}/ws-echo/vanishing`, (socket) => {
        socket.once('message', () => socket.terminate());
        socket.send('hello');
      });
      expect(end).toMatchObject({ opened: true, messages: ['hello'], code: 1006 });
      await expect
        .poll(() => rig.upstream.openConnections(), { timeout: 5_000 })
        .toBeLessThanOrEqual(upstreamBefore);
      await expect.poll(() => rig.devConnections(), { timeout: 5_000 }).toBeLessThanOrEqual(devBefore);
    });

    it('refused WebSocket backend: the browser gets 502 within the time limit', async () => {
      // The closed port of `refuse`, through a route with `ws: true`: the handshake itself must fail with a
      // status the page can see, not a bare closed connection.
      const end = await watchSocket(`${wsUrl}/ws-refused/x`);
      expect(end).toMatchObject({ opened: false, error: 'Unexpected server response: 502' });
      expect(end.ms).toBeLessThan(routeTimeoutMs + marginMs);
    });

    it('ws-hang-handshake: the browser gets 504 within the time limit instead of waiting forever', async () => {
      // A backend stuck before answering the upgrade (a blocked event loop, a debugger on a breakpoint).
      const end = await watchSocket(`${wsUrl}/ws-hang-handshake/limit`);
      expect(end).toMatchObject({ opened: false, error: 'Unexpected server response: 504' });
      expect(end.ms).toBeLessThan(routeTimeoutMs + marginMs);
    });

    it('ws-hang-handshake: a browser that gives up leaves no connection behind', async () => {
      const [devBefore, upstreamBefore] = [await rig.devConnections(), await rig.upstream.openConnections()];
      const hits = rig.upstream.hits['ws-hang-handshake'] ?? 0;
      const socket = new WebSocket(`${wsUrl}/ws-hang-handshake/abandoned`);
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.on('error', () => {});
      // Gives up once the backend holds the handshake: the tab navigates away.
      await expect.poll(() => rig.upstream.hits['ws-hang-handshake'] ?? 0).toBe(hits + 1);
      socket.terminate();
      await closed;
      await expect.poll(() => rig.devConnections(), { timeout: 5_000 }).toBeLessThanOrEqual(devBefore);
      await expect
        .poll(() => rig.upstream.openConnections(), { timeout: 5_000 })
        .toBeLessThanOrEqual(upstreamBefore);
    });
  });
}
