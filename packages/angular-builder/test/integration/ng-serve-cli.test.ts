import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AngularHost, writeAngularProject } from '../../../../test/host-suite/harnesses/angular.js';
import { createFixtureProject } from '../../../../test/host-suite/src/start-host.js';
import { findClosedPort } from '../../../shared/test/support/closed-port.js';

/**
 * The real `ng` as a child process, the way users run it: the CLI builds `ng serve`'s flags from our schema
 * (the built dist/ files, as published), so stock flags must keep working next to our options.
 */
describe.each(['ng21', 'ng22'] as AngularHost[])('ng serve on %s with the real CLI', (host) => {
  let child: ChildProcess | undefined;
  let upstream: http.Server | undefined;
  let root: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => upstream?.close(resolve));
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('takes --port and --host, adopts proxy.conf.json and proxies /api, not /apix', async () => {
    upstream = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    root = await createFixtureProject();
    await writeAngularProject(host, root);
    // As the Angular docs write it: an object keyed by path.
    await fs.writeFile(
      path.join(root, 'proxy.conf.json'),
      JSON.stringify({ '/api': { target, secure: false } }),
    );
    const workspace = JSON.parse(await fs.readFile(path.join(root, 'angular.json'), 'utf8'));
    workspace.projects.app.architect.serve.options.proxyConfig = 'proxy.conf.json';
    await fs.writeFile(path.join(root, 'angular.json'), JSON.stringify(workspace));

    const port = await findClosedPort();
    const { PORT: _ignored, ...env } = process.env;
    const ng = path.join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
    child = spawn(process.execPath, [ng, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: root,
      env: { ...env, NG_CLI_ANALYTICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    await expect
      .poll(() => output, { timeout: 60_000, interval: 200 })
      .toMatch(new RegExp(`Local:\\s+http://127\\.0\\.0\\.1:${port}/`));

    const api = await fetch(`http://127.0.0.1:${port}/api/orders?x=1`);
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ path: '/api/orders?x=1' });
    // http-proxy-middleware's `/api` also matches `/apix`; a cors-dev-proxy route does not.
    const apix = await fetch(`http://127.0.0.1:${port}/apix`);
    expect(await apix.text()).toContain('<title>fixture</title>');
    expect(output).toContain("[cors-dev-proxy] serving proxy.conf.json entries '/api' with cors-dev-proxy.");
    // Each proxied request prints its access-log line in ng serve's terminal, as under Vite (query elided).
    await expect
      .poll(() => output, { timeout: 5_000, interval: 100 })
      .toMatch(
        /\[cors-dev-proxy\] GET \/api\/orders\?… → http:\/\/127\.0\.0\.1:\d+\/api\/orders\?… 200 \d+ ms/,
      );
  }, 90_000);
});
