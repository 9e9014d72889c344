import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  bundleFields,
  createFixture,
  type DevServer,
  get,
  removeFixture,
  serve,
  startUpstream,
  stopAll,
  type Upstream,
} from '../support/cli.js';

// `server: 'https'` makes webpack-dev-server's server an https.Server (not an http.Server, and its certificate
// from `selfsigned`): our proxy must still answer there, and take WebSocket upgrades over wss beside the
// HMR socket on the same server.
const config = (upstream: string) => `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

module.exports = {
  ${bundleFields}
  plugins: [new CorsDevProxyPlugin({ routes: { '/api': { target: ${JSON.stringify(upstream)}, ws: true } } })],
  devServer: { host: 'localhost', port: 0, open: false, server: 'https' },
};
`;

/** Opens `url` (self-signed certificate accepted), optionally sends `send`, and resolves with the first message. */
function firstMessage(url: string, origin: string, send?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin, rejectUnauthorized: false });
    socket.once('open', () => {
      if (send) socket.send(send);
    });
    socket.once('message', (data) => {
      resolve(String(data));
      socket.close();
    });
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before any message`)));
  });
}

describe('wds6 serve over https', () => {
  let upstream: Upstream;
  let root: string;
  let devServer: DevServer;

  beforeAll(async () => {
    upstream = await startUpstream();
    root = await createFixture({ 'webpack.config.cjs': config(upstream.url) });
    devServer = await serve('wds6', root, 'webpack.config.cjs');
  });
  afterAll(async () => {
    await stopAll();
    await upstream?.close();
    await removeFixture(root);
  });

  it('listens on https and proxies /api/x', async () => {
    expect(devServer.url).toMatch(/^https:\/\/localhost:\d+$/);
    const answer = await get(`${devServer.url}/api/x`);
    expect(JSON.parse(answer.body)).toEqual({ upstream: 'test-upstream', url: '/api/x' });
  });

  it('proxies a WebSocket over wss to the upstream echo', async () => {
    const wss = devServer.url.replace(/^https/, 'wss');
    expect(await firstMessage(`${wss}/api/echo`, devServer.url, 'ping')).toBe('echo:ping');
    expect(upstream.upgrades).toEqual(['/api/echo']);
  });

  it("leaves webpack-dev-server's HMR socket /ws working", async () => {
    const wss = devServer.url.replace(/^https/, 'wss');
    const hello = JSON.parse(await firstMessage(`${wss}/ws`, devServer.url)) as { type?: string };
    expect(['hot', 'liveReload', 'hash', 'ok', 'logging']).toContain(hello.type);
    expect(upstream.upgrades).not.toContain('/ws');
  });
});
