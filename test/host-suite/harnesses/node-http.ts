import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import {
  type CorsDevProxyOptions,
  createCorsDevProxy,
  formatAuditReport,
  isDefaultAllowedHost,
  judgeRecordedShapes,
  loadConfigFile,
  type ProxyLogger,
  readShapes,
  resolveOptions,
  shapesFilePath,
  summarizeJudgements,
} from 'cors-dev-proxy';
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
  inline ?? (await loadConfigFile(root))?.options ?? {};

const prefixed = (log: (line: string) => void): ProxyLogger => {
  const print = (message: string) => log(`[cors-dev-proxy] ${message}`);
  return { info: print, warn: print, error: print };
};

/**
 * The reference host: a bare `node:http` server using only the core's plain API, the way any Node server
 * would. No HMR socket and no page script, so no browser channel.
 */
export const nodeHttpHarness: HostHarness = {
  name: 'node-http',
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
      logger: prefixed(log),
      isAllowedHost: (name) =>
        isDefaultAllowedHost(name) ||
        allowedHosts.some((entry) =>
          entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
        ),
      guardHttpHosts: true,
      root,
    });
    const app = staticApp(root);
    const server = http.createServer((req, res) => {
      if (!proxy.handleRequest(req, res)) void app(req, res);
    });
    // Nothing else takes upgrades here: a socket the proxy does not claim is refused, not left hanging.
    server.prependListener('upgrade', (req, socket, head) => {
      if (!proxy.upgrade(req, socket, head))
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
    void proxy.auditor?.replayLocalOrigin(url.replace('127.0.0.1', 'localhost'));
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
    const resolved = resolveOptions(await options(inline, root));
    if (!resolved.production || resolved.mode === 'off') return { failed: false };
    const judgements = await judgeRecordedShapes(
      await readShapes(shapesFilePath(root)),
      resolved.routes,
      resolved.production,
    );
    const blocked = summarizeJudgements(judgements).blocked.length;
    log(`[cors-dev-proxy] ${formatAuditReport(judgements, resolved.production)}`);
    if (!resolved.failOnProductionCors || blocked === 0) return { failed: false };
    return {
      failed: true,
      error: `[cors-dev-proxy] ${blocked} request shape(s) would be blocked by CORS in production.`,
    };
  },
};
