import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanCommand } from '../../src/cli/scan-command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { findClosedPort } from '../support/closed-port.js';

// `cors-dev-proxy scan` against real servers playing production with hand-written CORS policies, the way
// backends get them wrong: each test plays the attacker's origins (null, look-alikes, http, any site) against
// one policy and checks the scan names the hole and fails, or passes a sound policy.
const app = 'https://app.example.com';

interface PolicyServer {
  readonly url: string;
  /** Every request received: the scan must send only OPTIONS and GET, and never cookies. */
  readonly received: { method: string; origin: string | undefined; cookie: boolean }[];
  close(): Promise<void>;
}

/** A production API: `allow` decides the Access-Control-Allow-Origin for an Origin (undefined: none). */
async function startPolicyServer(
  allow: (origin: string) => string | undefined,
  options: { credentials?: boolean; vary?: boolean } = {},
): Promise<PolicyServer> {
  const received: PolicyServer['received'] = [];
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    received.push({ method: req.method ?? '', origin, cookie: req.headers.cookie !== undefined });
    if (req.url === '/old') {
      res.writeHead(301, { Location: '/api/orders' }).end();
      return;
    }
    const allowed = origin === undefined ? undefined : allow(origin);
    if (allowed !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', allowed);
      if (options.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (options.vary !== false) res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      if (allowed !== undefined) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      }
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"orders":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/orders`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function scan(argv: string[], color = false) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runScanCommand(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color,
  });
  return { exitCode, stdout, stderr };
}

async function scanJson(server: PolicyServer, ...extra: string[]) {
  const result = await scan([server.url, '--origin', app, '--json', ...extra]);
  const json = JSON.parse(result.stdout) as {
    url: string;
    origin: string;
    findings: { id: string; severity: string; origin: string; admitted: boolean; withCredentials: boolean }[];
  };
  return { ...result, json, found: json.findings.map((f) => `${f.severity} ${f.id} ${f.origin}`) };
}

const servers: Record<string, PolicyServer> = {};
beforeAll(async () => {
  servers.strict = await startPolicyServer((origin) => (origin === app ? origin : undefined), {
    credentials: true,
  });
  servers.reflect = await startPolicyServer((origin) => origin, { credentials: true });
  servers.null = await startPolicyServer((origin) => ([app, 'null'].includes(origin) ? origin : undefined));
  servers.regex = await startPolicyServer((origin) => (/example\.com/.test(origin) ? origin : undefined), {
    credentials: true,
  });
  servers.wildcard = await startPolicyServer(() => '*', { vary: false });
  servers.noVary = await startPolicyServer(
    (origin) => (origin === app || origin === 'https://admin.example.com' ? origin : undefined),
    { vary: false },
  );
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

describe('cors-dev-proxy scan', () => {
  it('passes a strict policy: exit 0, only the note that development needs the proxy', async () => {
    const server = servers.strict as PolicyServer;
    const { exitCode, stdout } = await scan([
      server.url,
      '--origin',
      app,
      '--local-origin',
      'http://localhost:5173',
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain(`Scanned ${server.url} for the production origin ${app}`);
    expect(stdout).toContain('INFO     The local dev origin http://localhost:5173 is not admitted');
    expect(stdout).toMatch(
      / {2}https:\/\/app\.example\.com +production +admitted with credentials \(OPTIONS 204, GET 200\)/,
    );
    expect(stdout).toMatch(/ {2}null +null +not admitted/);
    expect(stdout).toMatch(/✔ No finding above low \(1 info\)\n$/);
    expect(stdout).not.toContain('\x1b[');
    // Probing production never sends a method that changes data, nor cookies.
    expect(new Set(server.received.map(({ method }) => method))).toEqual(new Set(['OPTIONS', 'GET']));
    expect(server.received.some(({ cookie }) => cookie)).toBe(false);
    expect(server.received.map(({ origin }) => origin)).toContain('https://evilexample.com');
  });

  it('colours the report on a terminal', async () => {
    const { stdout } = await scan([(servers.reflect as PolicyServer).url, '--origin', app], true);
    expect(stdout).toContain('\x1b[31m\x1b[1mCRITICAL');
  });

  it('fails a server that reflects any origin with credentials: one critical finding', async () => {
    const { exitCode, json, found } = await scanJson(servers.reflect as PolicyServer);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ url: (servers.reflect as PolicyServer).url, origin: app });
    expect(found).toEqual(['critical reflects-any-origin https://cors-dev-proxy-probe.invalid']);
    expect(json.findings[0]).toMatchObject({ admitted: true, withCredentials: true });
  });

  it('fails a server that trusts the null origin', async () => {
    const { exitCode, found } = await scanJson(servers.null as PolicyServer);
    expect(exitCode).toBe(1);
    expect(found).toEqual(['high null-origin-admitted null']);
  });

  it('an unanchored RegExp admits look-alikes anyone can register, http and subdomains', async () => {
    const { exitCode, found, stdout } = await scanJson(servers.regex as PolicyServer);
    expect(exitCode).toBe(1);
    expect(found).toEqual([
      'critical lookalike-origin-admitted https://app.example.com.evil.test',
      'critical lookalike-origin-admitted https://evilexample.com',
      'critical lookalike-origin-admitted https://evil-example.com',
      'critical lookalike-origin-admitted https://appxexample.com',
      'critical subdomain-admitted https://evil.example.com',
      'high insecure-origin-admitted http://app.example.com',
    ]);
    expect(stdout).toContain('not anchored at the end');
  });

  it('* without credentials is low for a public API: exit 0', async () => {
    const { exitCode, found } = await scanJson(
      servers.wildcard as PolicyServer,
      '--local-origin',
      'http://localhost:5173',
    );
    expect(exitCode).toBe(0);
    expect(found).toEqual([
      'low wildcard-origin https://cors-dev-proxy-probe.invalid',
      'info local-origin-wildcard http://localhost:5173',
    ]);
  });

  it('names a missing Vary: Origin when the answer depends on the Origin', async () => {
    const { exitCode, found } = await scanJson(servers.noVary as PolicyServer);
    expect(exitCode).toBe(0);
    expect(found).toEqual(['low missing-vary-origin https://app.example.com']);
  });

  it('says when the GET was redirected', async () => {
    const url = (servers.strict as PolicyServer).url.replace('/api/orders', '/old');
    const { stdout } = await scan([url, '--origin', app]);
    expect(stdout).toContain(`The GET was redirected (301 to ${(servers.strict as PolicyServer).url})`);
  });

  it('exits 2 with one line when the server cannot be reached', async () => {
    const { exitCode, stdout, stderr } = await scan([
      `http://127.0.0.1:${await findClosedPort()}/api`,
      '--origin',
      app,
    ]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^\[cors-dev-proxy\] OPTIONS http:\/\/127\.0\.0\.1:\d+\/api failed: connect ECONNREFUSED .*\(ECONNREFUSED\)\. The scan needs the server to answer\.\n$/,
    );
  });

  it.each([
    [
      [],
      /scan needs the URL of a production API endpoint\. Example: cors-dev-proxy scan https:\/\/api\.example\.com\/orders --origin https:\/\/app\.example\.com$/,
    ],
    [
      ['api.example.com', '--origin', app],
      /"api\.example\.com" is not an absolute URL; did you mean "https:\/\/api\.example\.com"\? Example: cors-dev-proxy scan https:\/\/api\.example\.com /,
    ],
    [['ftp://api.example.com', '--origin', app], /is not an http\(s\) URL/],
    [['https://api.example.com'], /--origin is required: the origin the app is served from in production\./],
    [
      ['https://api.example.com', '--origin', 'https://app.example.com/'],
      /did you mean "https:\/\/app\.example\.com"\?/,
    ],
    [
      ['https://api.example.com', '--origin', app, '--local-origin', 'localhost:5173'],
      /--local-origin "localhost:5173" must be an http\(s\) origin\./,
    ],
    [
      ['https://api.example.com', '--origin', app, '--timeout', 'soon'],
      /--timeout "soon" must be a positive number/,
    ],
    [['https://a.example.com', 'https://b.example.com', '--origin', app], /scan takes one URL, got 2/],
    [['https://api.example.com', '--origin', app, '--method', 'PUT'], /Unknown option '--method'/],
  ])('rejects bad input %j with a message naming the problem and an example', async (argv, message) => {
    const error = await scan(argv).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UsageError);
    const usage = error as UsageError;
    const line = `[cors-dev-proxy] ${usage.message} Example: ${usage.example}`;
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });
});
