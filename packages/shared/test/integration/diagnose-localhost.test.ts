import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/index.js';
import { probeLoopbackFamilies } from '../../src/proxy/diagnose-upstream-error.js';

describe('probeLoopbackFamilies', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    servers.length = 0;
  });

  async function listenOn(host: string): Promise<number> {
    const server = http.createServer((_req, res) => res.end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as AddressInfo).port;
  }

  it('names the family a localhost backend really listens on', async () => {
    const port = await listenOn('127.0.0.1');
    const route = resolveOptions({ routes: { '/api': `http://localhost:${port}` } }).routes[0]!;
    expect(await probeLoopbackFamilies(route)).toBe(
      `The backend listens on 127.0.0.1 only, but "localhost" resolved to ::1. Set routes['/api'].target to 'http://127.0.0.1:${port}'.`,
    );
  });

  it('gives a 127.0.0.1 or [::1] target the same hint when the backend is on the other family', async () => {
    const v6Port = await listenOn('::1');
    const v4Target = resolveOptions({ routes: { '/api': `http://127.0.0.1:${v6Port}/v1` } }).routes[0]!;
    expect(await probeLoopbackFamilies(v4Target)).toBe(
      `The backend listens on ::1 only, but the target is 127.0.0.1. Set routes['/api'].target to 'http://[::1]:${v6Port}/v1'.`,
    );
    const v4Port = await listenOn('127.0.0.1');
    const v6Target = resolveOptions({ routes: { '/api': `http://[::1]:${v4Port}` } }).routes[0]!;
    expect(await probeLoopbackFamilies(v6Target)).toBe(
      `The backend listens on 127.0.0.1 only, but the target is ::1. Set routes['/api'].target to 'http://127.0.0.1:${v4Port}'.`,
    );
  });

  it('says nothing for a named target that answers, or when both families answer nothing', async () => {
    const port = await listenOn('127.0.0.1');
    const named = resolveOptions({ routes: { '/api': `http://127.0.0.1:${port}` } }).routes[0]!;
    expect(await probeLoopbackFamilies(named)).toBeUndefined();
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const closed = resolveOptions({ routes: { '/api': `http://localhost:${port}` } }).routes[0]!;
    expect(await probeLoopbackFamilies(closed)).toBeUndefined();
  });
});
