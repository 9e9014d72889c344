import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';
import {
  allowedHostsRule,
  attachToServer,
  claimedUpgradePrefix,
  createCorsDevProxy,
  createHostLogger,
  resolveHostOptions,
  runBuildAudit,
  takeRequestsFirst,
} from 'cors-dev-proxy/host';
import type { HostHarness } from '../src/harness.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** The app behind the proxy: the project's files, index.html for other navigations (an SPA), else 404. */
function staticApp(root: string): http.RequestListener {
  return async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://app').pathname;
    const file = path.join(root, path.normalize(pathname === '/' ? '/index.html' : pathname));
    const body = file.startsWith(root) ? await fs.readFile(file).catch(() => undefined) : undefined;
    const type = contentTypes[path.extname(file)];
    if (body && type) return void res.writeHead(200, { 'content-type': type }).end(body);
    if (String(req.headers.accept).includes('text/html')) {
      return void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(await fs.readFile(path.join(root, 'index.html')));
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 Not Found\n');
  };
}

const options = async (inline: CorsDevProxyOptions | undefined, root: string) =>
  (await resolveHostOptions({ inline, root, host: 'node-http' })).options;

const logger = (log: (line: string) => void) => createHostLogger({ info: log, warn: log, error: log });

/**
 * The reference host: a bare `node:http` server wired with the host kit (`cors-dev-proxy/host`) alone, the way
 * any Node server would be. No HMR socket and no page script, so no browser channel.
 */
export const nodeHttpHarness: HostHarness = {
  name: 'node-http',
  allowedHostsSetting: "the dev server's allowed hosts",
  capabilities: { hmr: false, browserChannel: 'none', build: true, takesRequestsFirst: true },
  async prepareProject(root) {
    // No bundler: the page links its stylesheet instead of importing it.
    await fs.writeFile(
      path.join(root, 'main.js'),
      "document.querySelector('#app').textContent = 'fixture ready';\n",
    );
    const html = await fs.readFile(path.join(root, 'index.html'), 'utf8');
    await fs.writeFile(
      path.join(root, 'index.html'),
      html.replace('</head>', '<link rel="stylesheet" href="/style.css"></head>'),
    );
  },
  async start(inline, { root, log, port, allowedHosts }) {
    const proxy = createCorsDevProxy(await options(inline, root), {
      logger: logger(log),
      isAllowedHost: allowedHostsRule(allowedHosts),
      guardHttpHosts: true,
      root,
    });
    const server = http.createServer(staticApp(root));
    takeRequestsFirst(server, proxy.handleRequest);
    attachToServer(proxy, server, { secure: false });
    // Nothing else takes upgrades here: a socket the proxy does not claim is refused, not left hanging.
    server.on('upgrade', (req, socket) => {
      if (!req.url?.startsWith(claimedUpgradePrefix))
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
    const sockets = new Set<Socket>();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen(port, '127.0.0.1', resolve),
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      server,
      async close() {
        await proxy.close();
        // Upgraded (WebSocket) sockets included: a dev server that stops closes everything.
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
  // A bare server has no bundler; its "build" is the step that judges the recorded shapes, as the adapters' is.
  async build(inline, { root, log }) {
    const failure = await runBuildAudit(await options(inline, root), root, logger(log));
    return failure ? { failed: true, error: `[cors-dev-proxy] ${failure}` } : { failed: false };
  },
};
