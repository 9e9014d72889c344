import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleFields,
  cliHosts,
  count,
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

// A config may load the package twice: the plugin through `import` (dist/index.mjs) and withCorsDevProxy
// through `require` (dist/index.cjs), e.g. from a preset. Both copies must see each other and wire the dev
// server once: twice would proxy every request twice and print every line twice.
const config = `import { createRequire } from 'node:module';
import { CorsDevProxyPlugin } from '@cors-dev-proxy/webpack';

const require = createRequire(import.meta.url);
const { withCorsDevProxy } = require('@cors-dev-proxy/webpack');

export default {
  ${bundleFields}
  plugins: [new CorsDevProxyPlugin()],
  devServer: withCorsDevProxy({
    ${devServerFields}
  }),
};
`;

describe.each(cliHosts)('%s: the plugin (ESM copy) and withCorsDevProxy (CJS copy) together', (host) => {
  let upstream: Upstream;
  let root: string;
  let devServer: DevServer;

  beforeAll(async () => {
    upstream = await startUpstream();
    root = await createFixture({
      'webpack.config.mjs': config,
      'cors-dev-proxy.config.mjs': `export default { routes: { '/api': ${JSON.stringify(upstream.url)} } };\n`,
    });
    devServer = await serve(host, root, 'webpack.config.mjs');
  });
  afterAll(async () => {
    await stopAll();
    await upstream?.close();
    await removeFixture(root);
  });

  it('wires the dev server once: one startup line, one upstream request and one access-log line per request', async () => {
    const answer = await get(`${devServer.url}/api/once`);
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/api/once' });
    // A later request's line comes after every line of the first one (the log is written in order).
    await get(`${devServer.url}/api/later`);
    await waitForOutput(devServer, /\[cors-dev-proxy\] GET \/api\/later → /);
    const output = devServer.output();
    expect(count(output, 'GET /api/once → ')).toBe(1);
    expect(output.match(/using \S*cors-dev-proxy\.config\.mjs\./g)).toHaveLength(1);
    expect(upstream.hits.filter((hit) => hit.url === '/api/once')).toHaveLength(1);
  });
});
