import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  type RunningVite,
  startVite,
  type ViteVersion,
  viteVersions,
} from '../../../../test/host-suite/harnesses/vite.js';
import { CorsDevProxyError } from '../../../shared/src/index.js';
import { type RunningBackend, startBackend } from '../../../shared/test/support/backend.js';
import { findClosedPort } from '../../../shared/test/support/closed-port.js';
import { corsDevProxy } from '../../src/index.js';

// The host contracts (HMR socket, proxying, security, audit…) run for every host in test/host-suite; these are
// about Vite's own features.
for (const version of Object.keys(viteVersions) as ViteVersion[]) {
  describe(`${version}: Vite-specific behaviour`, () => {
    let backend: RunningBackend | undefined;
    let vite: RunningVite | undefined;
    afterEach(async () => {
      await vite?.close();
      await backend?.close();
      vite = undefined;
      backend = undefined;
    });

    it('wins over an overlapping server.proxy entry, for HTTP and WebSocket, and says so', async () => {
      backend = await startBackend();
      const dead = `http://127.0.0.1:${await findClosedPort()}`;
      vite = await startVite(
        version,
        [corsDevProxy({ routes: { '/api': { target: backend.url, ws: true } } })],
        {
          config: { server: { host: '127.0.0.1', port: 0, proxy: { '/api': { target: dead, ws: true } } } },
        },
      );
      expect(vite.lines.join('\n')).toMatch(
        /server\.proxy\['\/api'\] overlaps the cors-dev-proxy route '\/api'/,
      );
      const response = await fetch(`${vite.url}/api/hello`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      // Vite's own upgrade listener would also grab this socket and kill it (close 1006) without our claim.
      const socket = new WebSocket(`${vite.url.replace('http', 'ws')}/api/ws`);
      const echoed = await new Promise<string>((resolve, reject) => {
        socket.on('message', (data) =>
          String(data).startsWith('echo:') ? resolve(String(data)) : socket.send('still-open'),
        );
        socket.on('close', (code) => reject(new Error(`socket closed with ${code}`)));
      });
      expect(echoed).toBe('echo:still-open');
      socket.close();
      expect(vite.lines.join('\n')).not.toMatch(/ws proxy error/);
    });

    it('adopts server.proxy when called without options', async () => {
      backend = await startBackend();
      vite = await startVite(version, [corsDevProxy()], {
        config: {
          server: {
            host: '127.0.0.1',
            port: 0,
            proxy: {
              '/api': backend.url,
              '^/regex/.*': backend.url,
              '/custom': { target: backend.url, bypass: () => undefined },
            },
          },
        },
      });
      const log = vite.lines.join('\n');
      expect(log).toMatch(/serving server\.proxy entries '\/api' with cors-dev-proxy/);
      expect(log).toMatch(/left server\.proxy\['\^\/regex\/\.\*'\] to Vite: regular-expression keys/);
      expect(log).toMatch(/left server\.proxy\['\/custom'\] to Vite: it uses `bypass`/);
      // Our semantics now apply: the login cookie loses its foreign Domain.
      const login = await fetch(`${vite.url}/api/login`, { method: 'POST' });
      expect(login.headers.getSetCookie()[0]).not.toMatch(/Domain=/i);
    });

    it('says how to configure it when there is nothing to proxy', async () => {
      vite = await startVite(version, [corsDevProxy()]);
      expect(vite.lines.filter((line) => line.includes('[cors-dev-proxy]'))).toEqual([
        expect.stringMatching(
          /no routes to proxy\. Add them in vite\.config: corsDevProxy\(\{ routes: \{ '\/api'/,
        ),
      ]);
    });

    it('injects the browser client into index.html and serves it', async () => {
      backend = await startBackend();
      vite = await startVite(version, [corsDevProxy({ routes: { '/api': backend.url } })]);
      const html = await (await fetch(`${vite.url}/`, { headers: { accept: 'text/html' } })).text();
      const src = /<script type="module" src="([^"]*cors-dev-proxy\/client)"/.exec(html)?.[1];
      expect(src).toBeDefined();
      const client = await fetch(`${vite.url}${src}`);
      expect(client.status).toBe(200);
      expect(await client.text()).toContain('cors-dev-proxy:warning');
    });
  });
}

describe('configuration errors', () => {
  it('fail when vite.config is evaluated, naming the option and the fix', () => {
    expect(() => corsDevProxy({ routes: { api: 'http://127.0.0.1:1' } })).toThrow(CorsDevProxyError);
    expect(() => corsDevProxy({ routes: { '/api': { target: 'localhost:3000' } } })).toThrow(
      /routes\["\/api"\]\.target must be an absolute URL with a scheme, but got "localhost:3000"[\s\S]*'http:\/\/localhost:3000'/,
    );
  });

  it('show the fix the way a Vite user writes options, not another host’s way', () => {
    expect(() => corsDevProxy({ rotues: {} } as never)).toThrow(
      /rotues is not an option \(did you mean "routes"\?\)[\s\S]*corsDevProxy\(\{ routes: \{ '\/api': 'https:\/\/api\.example\.com' \} \}\) {3}\/\/ vite\.config\.ts/,
    );
  });
});
