import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AngularHost, writeAngularProject } from '../../../../test/host-suite/harnesses/angular.js';
import { createFixtureProject } from '../../../../test/host-suite/src/start-host.js';

/** The `ng` of a workspace as a child process; its exit code and everything it printed. */
function ng(
  root: string,
  args: string[],
  registry: string,
): Promise<{ code: number | null; output: string }> {
  const { PORT: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [path.join(root, 'node_modules/@angular/cli/bin/ng.js'), ...args], {
    cwd: root,
    // Offline: every registry the CLI or npm could ask is the recording server below.
    env: {
      ...env,
      npm_config_registry: registry,
      NG_CLI_ANALYTICS: 'false',
      CI: 'true',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output += String(chunk);
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/**
 * The real `ng add` of Angular 21 and 22 in a workspace where the package is installed (linked from
 * test/angular-hosts/<host>, the built dist/ files as published), with no registry to reach: the CLI finds the
 * package installed ("Skipping installation"), runs our ng-add schematic and never asks the registry.
 */
describe.each(['ng21', 'ng22'] as AngularHost[])('ng add on %s with the real CLI, offline', (host) => {
  let root: string | undefined;
  let registry: http.Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => registry?.close(resolve));
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('switches the builders, converts proxy.conf.json, and a second run (ng generate) changes nothing', async () => {
    const asked: string[] = [];
    registry = http.createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => registry?.listen(0, '127.0.0.1', resolve));
    const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;

    root = await createFixtureProject();
    await writeAngularProject(host, root);
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    // The workspace as `ng new` leaves it: Angular's own builders, a proxy.conf.json with one entry that
    // converts and one that does not (a `^` key is a regular expression to Angular's proxy).
    const workspaceFile = path.join(root, 'angular.json');
    const workspace = JSON.parse(await fs.readFile(workspaceFile, 'utf8'));
    const targets = workspace.projects.app.architect;
    targets.build.builder = '@angular/build:application';
    targets.serve.builder = '@angular/build:dev-server';
    targets.serve.options.proxyConfig = 'proxy.conf.json';
    await fs.writeFile(workspaceFile, `${JSON.stringify(workspace, null, 2)}\n`);
    await fs.writeFile(
      path.join(root, 'proxy.conf.json'),
      '{\n  "/api/**": { "target": "http://localhost:3001", "secure": false },\n  "^/legacy": { "target": "http://localhost:3002" }\n}\n',
    );

    const first = await ng(root, ['add', '@cors-dev-proxy/angular', '--skip-confirmation'], registryUrl);
    expect(first.output).toContain('Skipping installation: Package already installed');
    expect(first.code, first.output).toBe(0);
    const after = JSON.parse(await fs.readFile(workspaceFile, 'utf8'));
    expect(after.projects.app.architect.build.builder).toBe('@cors-dev-proxy/angular:application');
    expect(after.projects.app.architect.serve).toEqual({
      builder: '@cors-dev-proxy/angular:dev-server',
      options: {
        buildTarget: 'app:build:development',
        proxyConfig: 'proxy.conf.json',
        corsDevProxy: { routes: { '/api': { target: 'http://localhost:3001', secure: false } } },
      },
    });
    expect(await fs.readFile(path.join(root, 'proxy.conf.json'), 'utf8')).toBe(
      '{\n  "^/legacy": { "target": "http://localhost:3002" }\n}\n',
    );
    expect(first.output).toContain(
      "[cors-dev-proxy] serve: proxy.conf.json['^/legacy'] stays with Angular's proxy (and proxyConfig in angular.json)",
    );
    expect(first.output).toMatch(/UPDATE angular\.json/);

    const angularJson = await fs.readFile(workspaceFile, 'utf8');
    const second = await ng(root, ['generate', '@cors-dev-proxy/angular:ng-add'], registryUrl);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain("[cors-dev-proxy] project 'app' is already set up: nothing to change.");
    expect(second.output).toContain('Nothing to be done.');
    expect(await fs.readFile(workspaceFile, 'utf8')).toBe(angularJson);

    const again = await ng(root, ['add', '@cors-dev-proxy/angular', '--skip-confirmation'], registryUrl);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('Nothing to be done.');
    expect(asked).toEqual([]);
  }, 90_000);
});
