import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleFields,
  cliHosts,
  createFixture,
  type DevServer,
  devServerFields,
  get,
  removeFixture,
  serve,
  startUpstream,
  stopAll,
  type Upstream,
  waitForOutput,
} from '../support/cli.js';

// Migrating from devServer.proxy: the plugin without options and without a config file takes over the
// entries it can serve whole and leaves the others (a function context) to webpack-dev-server. Adopted entries
// leave wds's own proxy too, or its `startsWith` match would still send `/apix` upstream for `/api`.
const config = (
  target: string,
  options = '',
) => `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

module.exports = {
  ${bundleFields}
  plugins: [new CorsDevProxyPlugin(${options})],
  devServer: {
    ${devServerFields}
    proxy: [
      { context: ['/api'], target: ${JSON.stringify(target)}, changeOrigin: true },
      { context: (pathname) => pathname.startsWith('/fn'), target: ${JSON.stringify(target)} },
    ],
  },
};
`;

describe.each(cliHosts)('%s serve: devServer.proxy without options', (host) => {
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

  it('says at startup what it serves and what it left to the dev server', async () => {
    await waitForOutput(devServer, /left devServer\.proxy\[1\]/);
    const output = devServer.output();
    expect(output).toContain("[cors-dev-proxy] serving devServer.proxy entries '/api' with cors-dev-proxy.");
    const name = host === 'rspack' ? "Rspack's dev server" : 'webpack-dev-server';
    expect(output).toContain(`[cors-dev-proxy] left devServer.proxy[1] to ${name}: `);
  });

  it('serves /api/x itself, with the target as Host (changeOrigin)', async () => {
    const answer = await get(`${devServer.url}/api/x`);
    expect(JSON.parse(answer.body)).toEqual({ upstream: 'test-upstream', url: '/api/x' });
    expect(upstream.hits.find((hit) => hit.url === '/api/x')?.host).toBe(new URL(upstream.url).host);
    await waitForOutput(devServer, /\[cors-dev-proxy\] GET \/api\/x → /);
  });

  it("does not proxy /apix at all: the adopted entry left webpack-dev-server's proxy", async () => {
    const answer = await get(`${devServer.url}/apix`);
    expect(answer.body).not.toContain('test-upstream');
    expect(upstream.hits.filter((hit) => hit.url.startsWith('/apix'))).toEqual([]);
  });

  it('leaves /fn/x to webpack-dev-server, which still proxies it', async () => {
    const answer = await get(`${devServer.url}/fn/x`);
    expect(JSON.parse(answer.body)).toEqual({ upstream: 'test-upstream', url: '/fn/x' });
    // wds's entry has no changeOrigin: the upstream sees the dev server's Host; only wds logs it ([HPM] GET /fn/x -> …).
    expect(upstream.hits.find((hit) => hit.url === '/fn/x')?.host).toMatch(/^localhost:/);
    await get(`${devServer.url}/api/after-fn`);
    await waitForOutput(devServer, /GET \/api\/after-fn → /);
    expect(devServer.output()).not.toMatch(/GET \/fn\/x → /);
  });
});

describe.each(cliHosts)('%s serve: devServer.proxy beside cors-dev-proxy.config.mjs', (host) => {
  let upstream: Upstream;
  let stale: Upstream;
  let root: string;
  let devServer: DevServer;

  beforeAll(async () => {
    upstream = await startUpstream();
    stale = await startUpstream();
    root = await createFixture({
      'webpack.config.cjs': config(stale.url),
      'cors-dev-proxy.config.mjs': `export default { routes: { '/api': ${JSON.stringify(upstream.url)} } };\n`,
    });
    devServer = await serve(host, root, 'webpack.config.cjs');
  });
  afterAll(async () => {
    await stopAll();
    await upstream?.close();
    await stale?.close();
    await removeFixture(root);
  });

  it('uses the config file and warns about the overlapping devServer.proxy entry', async () => {
    await waitForOutput(devServer, /overlaps the cors-dev-proxy route/);
    const output = devServer.output();
    expect(output).toMatch(/\[cors-dev-proxy\] using \S*cors-dev-proxy\.config\.mjs\./);
    expect(output).toContain(
      "<w> [cors-dev-proxy] devServer.proxy['/api'] overlaps the cors-dev-proxy route '/api'; cors-dev-proxy handles those requests.",
    );
    expect(output).not.toContain('serving devServer.proxy entries');
  });

  it("proxies /api/x to the config file's target, not the devServer.proxy one", async () => {
    const answer = await get(`${devServer.url}/api/x`);
    expect(JSON.parse(answer.body)).toEqual({ upstream: 'test-upstream', url: '/api/x' });
    expect(upstream.hits.map((hit) => hit.url)).toContain('/api/x');
    expect(stale.hits.map((hit) => hit.url)).not.toContain('/api/x');
  });
});
