import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand } from '../../src/cli/audit-command.js';
import type { CommandIo } from '../../src/cli/check-command.js';
import { runReplayCommand } from '../../src/cli/replay-command.js';
import { runScanCommand } from '../../src/cli/scan-command.js';
import { type ProductionServer, startProductionServer } from '../support/production-server.js';
import { writeRecordedProject } from '../support/recorded-project.js';

// scan, replay and audit wait on a production server; on a terminal they show how far they are. The server holds
// every request until the progress line is on screen, so the line's appearance never depends on timing; the
// delay is 0 here (1 s in the bin) for the same reason.
const clearLine = '\r\x1b[K';
let production: ProductionServer;
let root: string;

beforeAll(async () => {
  production = await startProductionServer('strict');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cors-dev-proxy-progress-'));
  await writeRecordedProject(root, production.url);
  const entry = (url: string) => ({
    _resourceType: 'fetch',
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], cookies: [], queryString: [] },
    response: { status: 200, headers: [], content: { size: 2, mimeType: 'application/json' } },
  });
  await fs.writeFile(
    path.join(root, 'session.har'),
    JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'WebInspector' },
        entries: [entry(`${production.url}/api/orders`), entry(`${production.url}/api/users`)],
      },
    }),
  );
});
afterAll(async () => {
  await production?.close();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What was drawn on the terminal, one entry per write. */
  readonly terminal: readonly string[];
}

/** Runs a command as on a terminal (or not, with `tty: false`), holding production until a line is drawn. */
async function run(
  command: (argv: readonly string[], io: CommandIo) => Promise<number>,
  argv: string[],
  { tty = true }: { tty?: boolean } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const terminal: string[] = [];
  let drawn: () => void = () => {};
  const firstDraw = new Promise<void>((resolve) => {
    drawn = resolve;
  });
  production.hold();
  const running = command(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
    ...(tty
      ? {
          progress: {
            delayMs: 0,
            write: (text: string) => {
              terminal.push(text);
              drawn();
            },
          },
        }
      : {}),
  });
  // Without a line to wait for, the held requests are let go once the command has sent its first one.
  if (tty && !argv.includes('--json')) await firstDraw;
  else while (production.pending() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  production.release();
  return { exitCode: await running, stdout, stderr, terminal };
}

/** The counts drawn, in order: `[0, 1, …, total]` when every step was shown. */
function counts(terminal: readonly string[], label: string): { done: number; total: number }[] {
  return terminal.flatMap((text) => {
    const match = new RegExp(`^\\r\\x1b\\[K\\[cors-dev-proxy\\] ${label}: (\\d+)/(\\d+) `).exec(text);
    return match ? [{ done: Number(match[1]), total: Number(match[2]) }] : [];
  });
}

function expectCountedUp(terminal: readonly string[], label: string, total: number): void {
  expect(counts(terminal, label)).toEqual(Array.from({ length: total + 1 }, (_, done) => ({ done, total })));
  // The last write erases the line, so the report starts on a clean one.
  expect(terminal.at(-1)).toBe(clearLine);
}

describe('progress on a terminal', () => {
  it('scan counts the crafted origins it has probed, on stderr only, then clears the line', async () => {
    const result = await run(runScanCommand, [
      `${production.url}/api/orders`,
      '--origin',
      'https://app.example.com',
    ]);
    const total = counts(result.terminal, 'scan')[0]?.total ?? 0;
    expect(total).toBeGreaterThan(5);
    expectCountedUp(result.terminal, 'scan', total);
    expect(result.terminal[0]).toContain('origins probed…');
    expect(result.stdout).not.toContain('\r');
    expect(result.stdout).toContain('https://app.example.com');
  });

  it('replay counts the request shapes it has checked', async () => {
    const result = await run(runReplayCommand, [
      path.join(root, 'session.har'),
      '--origin',
      'https://app.example.com',
    ]);
    expectCountedUp(result.terminal, 'replay', 2);
    expect(result.terminal[0]).toContain('request shapes checked…');
    expect(result.stdout).not.toContain('\r');
  });

  it('audit counts the recorded shapes it has judged', async () => {
    const result = await run(runAuditCommand, ['--root', root]);
    expect(result.exitCode).toBe(1);
    expectCountedUp(result.terminal, 'audit', 2);
    expect(result.stdout).toContain('1 blocked, 1 allowed');
    expect(result.stdout).not.toContain('\r');
  });
});

describe('no progress where a terminal does not read it', () => {
  it.each([
    ['scan', runScanCommand, () => [`${production.url}/api/orders`, '--origin', 'https://app.example.com']],
    [
      'replay',
      runReplayCommand,
      () => [path.join(root, 'session.har'), '--origin', 'https://app.example.com'],
    ],
    ['audit', runAuditCommand, () => ['--root', root]],
  ] as const)('%s with --json draws nothing and prints only JSON', async (_name, command, argv) => {
    const result = await run(command, [...argv(), '--json']);
    expect(result.terminal).toEqual([]);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).not.toContain('\r');
  });

  it.each([
    ['scan', runScanCommand, () => [`${production.url}/api/orders`, '--origin', 'https://app.example.com']],
    ['audit', runAuditCommand, () => ['--root', root]],
  ] as const)('%s in a pipe (no terminal) writes no control characters', async (_name, command, argv) => {
    const result = await run(command, [...argv()], { tty: false });
    const output = result.stdout + result.stderr;
    expect(output.includes('\r') || output.includes('\x1b')).toBe(false);
    expect(result.stdout.length).toBeGreaterThan(0);
  });
});
