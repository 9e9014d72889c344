import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The examples' backend start (start-from-env.mjs), through the backend's own CLI: a port in use or a bad
// BACKEND_PORT ends the process with one line and the fix, never a stack trace.
const main = fileURLToPath(new URL('../src/main.mjs', import.meta.url));

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('starting the example backend', () => {
  let occupied: http.Server;
  let port: number;
  beforeAll(async () => {
    occupied = http.createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    port = (occupied.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => occupied.close(resolve)));

  it('names a port already in use and how to pick another, in one line', async () => {
    const { code, stderr } = await runMain({ BACKEND_PORT: String(port), BACKEND_HOST: '127.0.0.1' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `[example-backend] port ${port} on 127.0.0.1 is already in use (another example or the example backend still running?). Stop it, or pick another port: BACKEND_PORT=8788 pnpm --filter example-backend start\n`,
    );
  });

  it.each(['abc', '', '70000', '1.5'])(
    'refuses BACKEND_PORT=%j with the range and an example',
    async (value) => {
      const { code, stderr } = await runMain({ BACKEND_PORT: value });
      expect(code).toBe(1);
      expect(stderr).toBe(
        `[example-backend] BACKEND_PORT must be an integer from 0 to 65535, got "${value}". Example: BACKEND_PORT=8788 pnpm --filter example-backend start\n`,
      );
    },
  );
});
