import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runReplayCommand } from '../../src/cli/replay-command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { findClosedPort } from '../support/closed-port.js';
import { runCommand } from '../support/run-command.js';

// `cors-dev-proxy replay` of a HAR recorded through the dev server (http://localhost:5173), judged against a
// real strict production API: it allows only https://app.example.com, GET and POST, the content-type header,
// with credentials. Everything it receives is recorded, to prove replay never sends a data-changing request.
const appOrigin = 'https://app.example.com';
let api: http.Server;
let apiUrl: string;
let received: string[] = [];
let dir: string;

beforeAll(async () => {
  api = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    if (req.headers.origin === appOrigin) {
      res.setHeader('Access-Control-Allow-Origin', appOrigin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'content-type',
      });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'cors-dev-proxy-replay-'));
});
afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  received = [];
});

type Header = { name: string; value: string };

function entry(
  resourceType: string,
  method: string,
  path: string,
  headers: Header[] = [],
  cookies: Header[] = [],
) {
  return {
    _resourceType: resourceType,
    request: {
      method,
      url: `http://localhost:5173${path}`,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Host', value: 'localhost:5173' },
        { name: 'Accept', value: '*/*' },
        { name: 'Sec-Fetch-Dest', value: resourceType === 'fetch' ? 'empty' : resourceType },
        { name: 'User-Agent', value: 'Mozilla/5.0 Chrome/156.0.0.0' },
        ...headers,
      ],
      cookies,
      queryString: [],
    },
    response: { status: 200, headers: [], content: { size: 2, mimeType: 'application/json' } },
  };
}

const json: Header = { name: 'Content-Type', value: 'application/json' };
const recording = [
  entry('document', 'GET', '/orders'),
  entry('script', 'GET', '/src/main.ts'),
  entry('fetch', 'GET', '/api/orders/1'),
  entry('fetch', 'GET', '/api/orders/2'),
  entry('fetch', 'PUT', '/api/orders/2', [json]),
  entry(
    'fetch',
    'POST',
    '/api/login',
    [json, { name: 'Cookie', value: 'sid=abc' }],
    [{ name: 'sid', value: 'abc' }],
  ),
  entry('image', 'GET', '/logo.png'),
];

async function writeHar(name: string, entries: unknown[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(
    path,
    JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector' }, entries } }),
  );
  return path;
}

const replay = (...argv: string[]) => runCommand(runReplayCommand, argv);

describe('cors-dev-proxy replay', () => {
  it('prints one line per shape, the summary and the fix; exits 1 when a shape is blocked', async () => {
    const har = await writeHar('orders.har', recording);
    const { exitCode, stdout, stderr } = await replay(har, '--origin', appOrigin, '--target', apiUrl);
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '✔ GET /api/orders/:id ×2',
      `✖ PUT /api/orders/:id [content-type] ×1 — Access to fetch at '${apiUrl}/api/orders/2' from origin '${appOrigin}' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`,
      expect.stringMatching(
        /^\? POST \/api\/login \[content-type\] credentials ×1 — the preflight passes; the POST itself was not sent \(it could change data\), so check its responses carry Access-Control-Allow-Origin: https:\/\/app\.example\.com, Access-Control-Allow-Credentials: true, Vary: Origin$/,
      ),
    ]);
    expect(stdout).toContain(
      `1 allowed, 1 blocked, 1 undecided: 3 request shapes from 4 API calls (3 other entries ignored), as ${appOrigin} against ${apiUrl}.`,
    );
    expect(stdout).toContain('Fix for PUT /api/orders/:id [content-type]:');
    // The API already allows GET, POST: the fix adds PUT to them instead of replacing them (issue 10).
    expect(stdout).toContain('    Access-Control-Allow-Methods: GET, POST, PUT\n');
    expect(stdout).toContain('adds PUT to the methods the server already allows (GET, POST)');
    expect(stdout).not.toContain('Fix for GET');
    expect(stdout).not.toContain('\x1b[');

    // Preflights and GETs only: the recorded PUT and POST were never replayed, and the script, image and
    // document were never requested at all.
    expect(received.sort()).toEqual(['GET /api/orders/1', 'OPTIONS /api/login', 'OPTIONS /api/orders/2']);
  });

  it('prints the documented JSON', async () => {
    const har = await writeHar('orders-json.har', recording);
    const { exitCode, stdout } = await replay(har, '--origin', appOrigin, '--target', apiUrl, '--json');
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ origin: appOrigin, target: apiUrl, requests: 4, ignored: 3 });
    expect(report.shapes).toEqual([
      expect.objectContaining({
        key: 'GET /api/orders/:id',
        method: 'GET',
        path: '/api/orders/:id',
        count: 2,
        url: `${apiUrl}/api/orders/1`,
        allowed: true,
        corsError: null,
        message: null,
        fix: null,
      }),
      expect.objectContaining({
        key: 'PUT /api/orders/:id [content-type]',
        count: 1,
        url: `${apiUrl}/api/orders/2`,
        allowed: false,
        corsError: 'MethodDisallowedByPreflightResponse',
        message: expect.stringContaining('Method PUT is not allowed'),
        fix: expect.objectContaining({
          preflightHeaders: expect.objectContaining({ 'Access-Control-Allow-Methods': 'GET, POST, PUT' }),
        }),
      }),
      expect.objectContaining({
        key: 'POST /api/login [content-type] credentials',
        allowed: null,
        corsError: null,
        undecided: expect.stringContaining('was not sent'),
        fix: expect.objectContaining({
          responseHeaders: expect.objectContaining({ 'Access-Control-Allow-Credentials': 'true' }),
        }),
      }),
    ]);
    expect(received).not.toContain('PUT /api/orders/2');
  });

  it('exits 0 when every shape is allowed and 3 when none is blocked but one is undecided', async () => {
    const [, , get1, get2, , login] = recording;
    const allowed = await replay(
      await writeHar('gets.har', [get1, get2]),
      '--origin',
      appOrigin,
      '--target',
      apiUrl,
    );
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toMatch(
      /^✔ GET \/api\/orders\/:id ×2\n\n1 allowed: 1 request shape from 2 API calls, as /,
    );
    const undecided = await replay(
      await writeHar('login.har', [get1, login]),
      '--origin',
      appOrigin,
      '--target',
      apiUrl,
    );
    expect(undecided.exitCode).toBe(3);
  });

  it('judges another origin as blocked on the missing Access-Control-Allow-Origin', async () => {
    const [, , get1] = recording;
    const { exitCode, stdout } = await replay(
      await writeHar('other-origin.har', [get1]),
      '--origin',
      'https://staging.example.com',
      '--target',
      apiUrl,
      '--json',
    );
    expect(exitCode).toBe(1);
    expect(JSON.parse(stdout).shapes[0]).toMatchObject({ corsError: 'MissingAllowOriginHeader' });
  });

  it('reports a network failure on the shape’s line, and exits 2 when no shape got an answer', async () => {
    const har = await writeHar('down.har', recording);
    const closed = `http://127.0.0.1:${await findClosedPort()}`;
    const { exitCode, stdout, stderr } = await replay(har, '--origin', appOrigin, '--target', closed);
    expect(exitCode).toBe(2);
    expect(stdout).toMatch(
      /^\? GET \/api\/orders\/:id ×2 — no answer: GET http:\/\/127\.0\.0\.1:\d+\/api\/orders\/1 failed: .*\(ECONNREFUSED\)$/m,
    );
    expect(stdout).toContain('\n3 unreachable: 3 request shapes');
    expect(stderr).toMatch(/^\[cors-dev-proxy\] no request got an answer \(first: .*ECONNREFUSED\)\..*\n$/);
  });

  it('warns when the HAR was recorded on localhost and no --target says where production is', async () => {
    const [, , get1] = recording;
    const { stderr } = await replay(
      await writeHar('local.har', [get1]),
      '--origin',
      appOrigin,
      '--timeout',
      '2000',
    );
    expect(stderr).toContain(
      '[cors-dev-proxy] note: the HAR was recorded against http://localhost:5173; without --target that server is asked, not production.',
    );
  });

  describe('usage and file errors are one line with an example (exit 2 via main)', () => {
    const rejects = async (argv: string[], message: RegExp) => {
      const error = await replay(...argv).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(message);
      expect((error as UsageError).example).toMatch(/^cors-dev-proxy replay \S+\.har --origin https:\/\//);
    };

    it('bad arguments', async () => {
      const har = await writeHar('args.har', recording);
      await rejects([], /^replay needs the HAR file to replay\.$/);
      await rejects([har], /^--origin is required/);
      await rejects(
        [har, '--origin', 'https://app.example.com/'],
        /did you mean "https:\/\/app\.example\.com"\?$/,
      );
      await rejects(
        [har, '--origin', appOrigin, '--target', 'api.example.com'],
        /^--target "api\.example\.com" is not an http\(s\) URL/,
      );
      await rejects([har, '--origin', appOrigin, '--target', `${apiUrl}?v=2`], /must not have a query/);
      await rejects(
        [har, '--origin', appOrigin, '--timeout', '0'],
        /^--timeout "0" must be a positive number/,
      );
      await rejects([har, '--origin', appOrigin, '--send-actual'], /^Unknown option '--send-actual'\.$/);
    });

    it('bad files', async () => {
      await rejects(
        [join(dir, 'missing.har'), '--origin', appOrigin],
        /^cannot read ".*missing\.har": no such file\.$/,
      );
      const html = join(dir, 'page.har');
      await writeFile(html, '<!doctype html>');
      await rejects([html, '--origin', appOrigin], /is not JSON .*Save all as HAR\.$/);
      const empty = await writeHar('assets.har', [recording[1], recording[6]]);
      await rejects([empty, '--origin', appOrigin], /holds 2 requests but no fetch\/XHR call/);
      await rejects(
        [await writeFile(html, '{"log":{}}').then(() => html), '--origin', appOrigin],
        /has no log\.entries/,
      );
    });
  });
});
