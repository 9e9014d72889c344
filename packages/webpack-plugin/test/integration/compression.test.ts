import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleFields,
  type CliHost,
  createFixture,
  type DevServer,
  devServerFields,
  get,
  removeFixture,
  serve,
  startUpstream,
  stopAll,
  type Upstream,
} from '../support/cli.js';

// webpack-dev-server compresses by default (`compress: true`) and its compression middleware buffers a
// text/event-stream until it ends: a proxied SSE would reach the page only when the stream closes. Ours runs
// before compression (docs/research/webpack-rspack-hooks.md §2), while the bundle stays compressed.
const config = (upstream: string) => `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

module.exports = {
  ${bundleFields}
  plugins: [new CorsDevProxyPlugin({ routes: { '/api': ${JSON.stringify(upstream)} } })],
  devServer: {
    ${devServerFields}
  },
};
`;

const hosts: readonly CliHost[] = ['wds5', 'wds6'];

describe.each(hosts)('%s serve with compress on (the default)', (host) => {
  let upstream: Upstream;
  let root: string;
  let devServer: DevServer;

  beforeAll(async () => {
    upstream = await startUpstream();
    root = await createFixture({ 'webpack.config.cjs': config(upstream.url) });
    devServer = await serve(host, root, 'webpack.config.cjs');
  });
  afterAll(async () => {
    await stopAll();
    await upstream?.close();
    await removeFixture(root);
  });

  it('streams a proxied event stream uncompressed: the first event arrives before the stream ends', async () => {
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const request = http.get(
        `${devServer.url}/api/sse`,
        { headers: { 'accept-encoding': 'br, gzip', accept: 'text/event-stream' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const before = text;
            text += chunk;
            if (!before.includes('data: first') && text.includes('data: first')) {
              upstream.events.push('client got the first event');
            }
          });
          res.on('end', () => {
            upstream.events.push('client saw the end');
            resolve(res.headers);
          });
          res.on('error', reject);
        },
      );
      request.on('error', reject);
    });
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(headers['content-encoding']).toBeUndefined();
    expect(upstream.events).toEqual([
      'client got the first event',
      'upstream ended the stream',
      'client saw the end',
    ]);
  });

  it('still compresses the bundle', async () => {
    const bundle = await get(`${devServer.url}/main.js`, { 'accept-encoding': 'br, gzip' });
    expect(bundle.status).toBe(200);
    expect(['br', 'gzip']).toContain(bundle.headers['content-encoding']);
  });
});
