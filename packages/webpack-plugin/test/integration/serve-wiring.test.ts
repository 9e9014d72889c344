import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleFields,
  cliHosts,
  cliName,
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

// The two ways users wire the adapter, through each CLI as they run it: `new CorsDevProxyPlugin(options)` in a
// CommonJS config, `withCorsDevProxy(devServer, options)` in an ESM one. webpack-cli 6 and rspack-cli read
// compiler.options.devServer, webpack-cli 7 hands wds 6 a copy as a plugin: each path must reach our proxy.
// Each config also has the user's own setupMiddlewares, which must keep working beside ours.

/** The user's middleware, first in the list, answering its own path. */
const userSetupMiddlewares = `setupMiddlewares(middlewares, devServer) {
      middlewares.unshift({
        name: 'user-middleware',
        middleware(req, res, next) {
          if (req.url !== '/user/own') return next();
          res.setHeader('content-type', 'text/plain');
          res.end('from the user middleware');
        },
      });
      return middlewares;
    },`;

const pluginConfig = (upstream: string) => `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

module.exports = {
  ${bundleFields}
  plugins: [new CorsDevProxyPlugin({ routes: { '/api': ${JSON.stringify(upstream)} } })],
  devServer: {
    ${devServerFields}
    ${userSetupMiddlewares}
  },
};
`;

const wrapperConfig = (upstream: string) => `import { withCorsDevProxy } from '@cors-dev-proxy/webpack';

export default {
  ${bundleFields}
  devServer: withCorsDevProxy(
    {
      ${devServerFields}
      ${userSetupMiddlewares}
    },
    { routes: { '/api': ${JSON.stringify(upstream)} } },
  ),
};
`;

const wirings = [
  {
    name: 'new CorsDevProxyPlugin() in webpack.config.cjs',
    file: 'webpack.config.cjs',
    config: pluginConfig,
  },
  { name: 'withCorsDevProxy() in webpack.config.mjs', file: 'webpack.config.mjs', config: wrapperConfig },
];

describe.each(cliHosts)('%s serve', (host) => {
  describe.each(wirings)(`${cliName[host]}: $name`, ({ file, config }) => {
    let upstream: Upstream;
    let root: string;
    let devServer: DevServer;

    beforeAll(async () => {
      upstream = await startUpstream();
      root = await createFixture({ [file]: config(upstream.url) });
      devServer = await serve(host, root, file);
    });
    afterAll(async () => {
      await stopAll();
      await upstream?.close();
      await removeFixture(root);
    });

    it('proxies /api/x to the upstream', async () => {
      const answer = await get(`${devServer.url}/api/x`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ upstream: 'test-upstream', url: '/api/x' });
    });

    it('does not proxy /apix (a prefix matches on a segment boundary)', async () => {
      const before = upstream.hits.length;
      const answer = await get(`${devServer.url}/apix`);
      expect(answer.body).not.toContain('test-upstream');
      expect(upstream.hits.slice(before)).toEqual([]);
    });

    it('adds our client to the bundle and serves its script', async () => {
      const bundle = await get(`${devServer.url}/main.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.body).toContain('/__cors-dev-proxy/events');
      const client = await get(`${devServer.url}/__cors-dev-proxy/client.js`);
      expect(client.status).toBe(200);
      expect(client.headers['content-type']).toMatch(/javascript/);
    });

    it("keeps the user's own setupMiddlewares, composed with ours", async () => {
      const own = await get(`${devServer.url}/user/own`);
      expect(own.body).toBe('from the user middleware');
      const proxied = await get(`${devServer.url}/api/after-user`);
      expect(JSON.parse(proxied.body)).toMatchObject({ url: '/api/after-user' });
    });
  });
});
