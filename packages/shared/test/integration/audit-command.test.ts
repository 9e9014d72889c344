import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand } from '../../src/cli/audit-command.js';
import { type ProductionServer, startProductionServer } from '../support/production-server.js';
import { writeRecordedProject } from '../support/recorded-project.js';

// What CI sees without a host: the shapes recorded in development, judged by `cors-dev-proxy audit`, with the
// same report a host's build prints (test/host-suite/src/contracts/build-audit.ts).
describe('cors-dev-proxy audit', () => {
  let strict: ProductionServer;
  let root: string;

  beforeAll(async () => {
    strict = await startProductionServer('strict');
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-audit-'));
    await writeRecordedProject(root, strict.url);
  });
  afterAll(async () => {
    await strict?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('exits 1 and prints the same report', async () => {
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
