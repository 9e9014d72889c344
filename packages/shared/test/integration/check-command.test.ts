import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { type RunningBackend, startBackend } from '../support/backend.js';
import { findClosedPort } from '../support/closed-port.js';
import { runCommand } from '../support/run-command.js';

// `cors-dev-proxy check` against the example backend, a real strict API: it allows only
// https://app.example.com, with credentials, for GET/POST/PUT/DELETE and content-type/authorization.
let backend: RunningBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend?.close());

const check = (...argv: string[]) => runCommand(runCheckCommand, argv);

describe('cors-dev-proxy check', () => {
  it('exits 0 for an allowed request and prints the verdict', async () => {
    const { exitCode, stdout } = await check(
      `${backend.url}/api/hello`,
      '--origin',
      'https://app.example.com',
    );
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^✔ ALLOWED {2}GET .*\/api\/hello from https:\/\/app\.example\.com\n/);
  });

  it('exits 1 for the local dev origin, with Chromium’s message and the fix for the framework', async () => {
    const { exitCode, stdout } = await check(
      `${backend.url}/api/me`,
      '--origin',
      'http://localhost:5173',
      '--credentials',
      'include',
      '--framework',
      'express',
    );
    expect(exitCode).toBe(1);
    expect(stdout).toContain(
      `Access to fetch at '${backend.url}/api/me' from origin 'http://localhost:5173' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
    expect(stdout).toContain('Access-Control-Allow-Credentials: true');
    expect(stdout).toContain("origin: 'http://localhost:5173'");
    // No colour codes when the output is not a terminal.
    expect(stdout).not.toContain('\x1b[');
  });

  it('exits 3 when the preflight passes but the actual PUT was not sent, and 0 with --send-actual', async () => {
    const args = [
      `${backend.url}/api/orders/42`,
      '--origin',
      'https://app.example.com',
      '--method',
      'PUT',
      '--header',
      'Content-Type: application/json',
      '--json',
    ];
    const undecided = await check(...args);
    expect(undecided.exitCode).toBe(3);
    expect(JSON.parse(undecided.stdout)).toMatchObject({
      allowed: null,
      preflight: true,
      undecided: expect.stringContaining('--send-actual'),
    });
    const sent = await check(...args, '--send-actual');
    expect(JSON.parse(sent.stdout)).toMatchObject({
      requests: [
        { kind: 'preflight', status: 204 },
        { kind: 'actual', method: 'PUT' },
      ],
    });
  });

  it('prints the documented JSON shape', async () => {
    const { stdout } = await check(
      `${backend.url}/api/orders`,
      '--origin',
      'https://app.example.com',
      '--method',
      'PATCH',
      '--json',
    );
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'allowed',
        'preflight',
        'corsError',
        'failedParameter',
        'message',
        'problems',
        'fix',
      ]),
    );
    expect(json).toMatchObject({
      allowed: false,
      corsError: 'MethodDisallowedByPreflightResponse',
      failedParameter: 'PATCH',
    });
    // The example backend already allows GET, POST, PUT, DELETE: the fix adds PATCH to them (issue 10).
    expect(json.fix.preflightHeaders).toMatchObject({
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, PATCH',
    });
    expect(json.fix.policyChange).toContain(
      'adds PATCH to the methods the server already allows (GET, POST, PUT, DELETE)',
    );
  });

  it("prints a fix that adds to the server's policy: the snippet keeps what it already allowed", async () => {
    const { exitCode, stdout } = await check(
      `${backend.url}/api/orders`,
      '--origin',
      'https://app.example.com',
      '--method',
      'PATCH',
      '--header',
      'X-Request-Id: 1',
      '--framework',
      'express',
    );
    expect(exitCode).toBe(1);
    expect(stdout).toContain(
      "  • Keeps the server's policy, as read from the preflight response: adds PATCH to the methods the server already allows (GET, POST, PUT, DELETE); adds x-request-id to the request headers the server already allows (content-type, authorization)",
    );
    expect(stdout).toContain("      methods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],");
    expect(stdout).toContain("      allowedHeaders: ['content-type', 'authorization', 'x-request-id'],");
  });

  it('exits 2 with one line when the server cannot be reached', async () => {
    const { exitCode, stderr, stdout } = await check(
      `http://127.0.0.1:${await findClosedPort()}/api`,
      '--origin',
      'https://app.example.com',
    );
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^\[cors-dev-proxy\] GET http:\/\/127\.0\.0\.1:\d+\/api failed: connect ECONNREFUSED .*\(ECONNREFUSED\)\. No CORS verdict is possible until the server answers\.\n$/,
    );
  });

  it.each([
    [
      ['api.example.com', '--origin', 'https://app.example.com'],
      /"api\.example\.com" is not an absolute URL; did you mean "https:\/\/api\.example\.com"\? Example: cors-dev-proxy check https:\/\/api\.example\.com /,
    ],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com/login'],
      /must be an origin .* did you mean "https:\/\/app\.example\.com"\?/,
    ],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com', '--credentials', 'cookies'],
      /--credentials "cookies" is not one of omit, same-origin, include/,
    ],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com', '--header', 'X-Foo'],
      /--header "X-Foo" must look like "Name: value"/,
    ],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com', '--method', 'TRACE'],
      /--method TRACE cannot be sent by a page/,
    ],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com', '--framework', 'rails'],
      /--framework "rails" is not one of express, .*nginx/,
    ],
    [['https://api.example.com'], /--origin is required/],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com', '--verbose'],
      /Unknown option '--verbose'/,
    ],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com', '--header', 'X-Price: 5 €'],
      /--header "X-Price" has "€" in its value: .*fetch\(\) throws a TypeError.*--header "X-Price: %E2%82%AC5"/,
    ],
  ])('rejects bad input %j with a message naming the problem and an example', async (argv, message) => {
    // runCheckCommand throws a UsageError; the bin (main.ts) prints it as one stderr line and exits 2, which
    // scripts/check-packages.mjs checks on the packed command.
    const error = await check(...argv).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UsageError);
    const usage = error as UsageError;
    const line = `[cors-dev-proxy] ${usage.message} Example: ${usage.example}`;
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });
});
