import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe } from 'vitest';
import { viteVersions } from '../../../../test/host-suite/harnesses/vite.js';
import { ownEndpointContracts } from '../../../../test/host-suite/src/contracts/own-endpoints.js';
import type { HostHarness } from '../../../../test/host-suite/src/harness.js';
import { corsDevProxy } from '../../src/index.js';

/**
 * Vite in middleware mode behind an app that puts a permissive CORS header on everything (a common setup):
 * Vite's `cors` and host check run before any plugin middleware, so some refusals are Vite's. The own
 * endpoints' contracts (run for every host in test/host-suite) must hold here too.
 */
const middlewareModeHarness: HostHarness = {
  name: 'vite8 middlewareMode behind a permissive CORS app',
  allowedHostsSetting: 'server.allowedHosts in vite.config',
  capabilities: { hmr: false, browserChannel: 'none', build: false, takesRequestsFirst: false },
  async start(options, { root, port }) {
    const vite = await viteVersions.vite8();
    const server = http.createServer();
    const dev = await vite.createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [corsDevProxy(options)],
      server: { middlewareMode: { server } as never, hmr: false },
      appType: 'custom',
    });
    server.on('request', (req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      dev.middlewares(req, res);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      server,
      close: async () => {
        await dev.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
};

describe(middlewareModeHarness.name, () => ownEndpointContracts(middlewareModeHarness));
