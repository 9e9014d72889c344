import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand } from '../../../shared/src/cli/audit-command.js';
import { shapeOfRequest, writeShapes } from '../../../shared/src/index.js';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../shared/test/support/production-server.js';
import { corsDevProxy } from '../../src/index.js';
import { createFixtureProject, createRecordingLogger } from '../support/start-vite.js';

// What CI sees: the shapes recorded in development are judged at build time (`vite build`) and by
// `cors-dev-proxy audit`, and either can fail the pipeline before a blocked request ships.
describe('build-time production check', () => {
  let strict: ProductionServer;
  let root: string;

  beforeAll(async () => {
    strict = await startProductionServer('strict');
    root = await createFixtureProject();
    const shapes = [
      shapeOfRequest({ method: 'GET', url: '/api/hello', headers: {} }, '/api', 'auto'),
      shapeOfRequest(
        { method: 'PUT', url: '/api/orders/7', headers: { 'content-type': 'application/json' } },
        '/api',
        'auto',
      ),
    ];
    await writeShapes(path.join(root, '.cors-dev-proxy', 'shapes.json'), shapes);
    await fs.writeFile(
      path.join(root, 'cors-dev-proxy.config.mjs'),
      `export default { routes: { '/api': 'http://127.0.0.1:1' }, production: { origin: 'https://app.example.com', targets: { '/api': '${strict.url}' } } };\n`,
    );
  });
  afterAll(() => strict?.close());

  async function build(options: Parameters<typeof corsDevProxy>[0]) {
    const vite = await import('vite');
    const { logger, lines } = createRecordingLogger(vite.createLogger);
    const result = await vite
      .build({
        root,
        configFile: false,
        customLogger: logger,
        logLevel: 'info',
        plugins: [corsDevProxy(options)],
        build: { outDir: path.join(root, 'dist') },
      })
      .then(() => 'built')
      .catch((error: Error) => error.message);
    return { result, log: lines.join('\n') };
  }

  it('prints the audit summary after vite build', async () => {
    const { result, log } = await build(undefined);
    expect(result).toBe('built');
    expect(log).toContain(
      'Production CORS audit for https://app.example.com: 1 blocked, 1 allowed, 0 undecided (2 request shapes).',
    );
    expect(log).toContain('✖ PUT /api/orders/:id [content-type]');
    expect(log).toContain('Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.');
  });

  it('fails vite build with failOnProductionCors', async () => {
    const { result } = await build({
      routes: { '/api': 'http://127.0.0.1:1' },
      production: { origin: 'https://app.example.com', targets: { '/api': strict.url } },
      failOnProductionCors: true,
    });
    expect(result).toContain('1 request shape(s) would be blocked by CORS in production');
  });

  it('cors-dev-proxy audit exits 1 and prints the same report', async () => {
    let stdout = '';
    const exitCode = await runAuditCommand(['--root', root], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
      color: false,
    });
    expect(exitCode).toBe(1);
    expect(stdout).toContain('1 blocked, 1 allowed');
    expect(stdout).toContain(
      `In production, PUT /api/orders/:id from https://app.example.com will be blocked: Access to fetch at '${strict.url}/api/orders/7'`,
    );
  });
});
