import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/index.js';
import { formatAccessLog } from '../../src/proxy/access-log.js';
import {
  diagnoseUpstreamError,
  UnwritableAnswerError,
  UpstreamStillRefusedError,
  UpstreamTimeoutError,
} from '../../src/proxy/diagnose-upstream-error.js';
import { escapeHtml, preferredFormat, renderProxyError } from '../../src/proxy/error-response.js';
import { RefusedResponseHeadError } from '../../src/proxy/undici-error-codes.js';

const route = resolveOptions({ routes: { '/api': 'http://localhost:9' } }).routes[0]!;
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('diagnoseUpstreamError', () => {
  it.each([
    ['ECONNREFUSED', 502, 'refused'],
    ['ECONNRESET', 502, 'reset'],
    ['ETIMEDOUT', 504, 'timeout'],
    ['ENOTFOUND', 502, 'dns'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 502, 'tls'],
    ['EHOSTUNREACH', 502, 'unreachable'],
  ])('maps %s to %i (%s)', (code, status, kind) => {
    expect(diagnoseUpstreamError(withCode(code), route)).toMatchObject({ status, kind, code });
  });

  it("names a response the parser refused as a protocol error for the backend to fix, with llhttp's code", () => {
    const diagnosis = diagnoseUpstreamError(new RefusedResponseHeadError(), route);
    expect(diagnosis).toMatchObject({ status: 502, kind: 'other', code: 'HPE_UNEXPECTED_CONTENT_LENGTH' });
    expect(diagnosis.cause).toContain('two Content-Length fields');
    expect(diagnosis.hint).toMatch(/not valid HTTP\/1\.1/);
    // Other failures keep the hint to trace them.
    expect(diagnoseUpstreamError(withCode('EWHATEVER'), route).hint).toContain('DEBUG=cors-dev-proxy:*');
  });

  it("does not call undici's 'bad response' (an unrequested 100 Continue) a cut connection", () => {
    const diagnosis = diagnoseUpstreamError(withCode('UND_ERR_SOCKET', 'bad response'), route);
    expect(diagnosis).toMatchObject({ status: 502, kind: 'other', code: 'UND_ERR_SOCKET' });
    expect(diagnosis.cause).toContain('100 Continue');
    const upgrade = diagnoseUpstreamError(withCode('UND_ERR_SOCKET', 'bad upgrade'), route);
    expect(upgrade).toMatchObject({ status: 502, kind: 'other', code: 'UND_ERR_SOCKET' });
    expect(upgrade.cause).toContain('101 Switching Protocols');
    // undici's other socket errors are the upstream closing on us.
    expect(diagnoseUpstreamError(withCode('UND_ERR_SOCKET', 'other side closed'), route).kind).toBe('reset');
  });

  it("names an answer Node will not write, and a failed check inside undici, as the backend's to fix", () => {
    const refusal = withCode('ERR_HTTP2_STATUS_INVALID', 'Invalid status code: 799');
    const unwritable = diagnoseUpstreamError(new UnwritableAnswerError(refusal), route);
    expect(unwritable).toMatchObject({ status: 502, kind: 'other', code: 'ERR_HTTP2_STATUS_INVALID' });
    expect(unwritable.cause).toContain('cannot be passed on to the browser: Invalid status code: 799');
    expect(unwritable.hint).toContain('Fix the value the backend sends');
    const assertion = diagnoseUpstreamError(
      withCode('ERR_ASSERTION', 'The expression evaluated to a falsy value'),
      route,
    );
    expect(assertion).toMatchObject({ status: 502, kind: 'other', code: 'ERR_ASSERTION' });
    expect(assertion.cause).toContain('could not read');
  });

  it('reads the code from a happy-eyeballs AggregateError', () => {
    const aggregate = Object.assign(
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
      {},
    );
    expect(diagnoseUpstreamError(aggregate, route).kind).toBe('refused');
  });

  it('gives our own timeout a 504 that names the option to raise', () => {
    const diagnosis = diagnoseUpstreamError(new UpstreamTimeoutError(1500), route);
    expect(diagnosis).toMatchObject({ status: 504, kind: 'timeout' });
    expect(diagnosis.hint).toMatch(/routes\['\/api'\]\.timeoutMs/);
  });

  it('says a refusal answered at once did not wait again, and since when, keeping the refused hint', () => {
    const since = new Date(2026, 0, 2, 14, 3, 12).getTime();
    const refused = diagnoseUpstreamError(withCode('ECONNREFUSED'), route);
    const still = diagnoseUpstreamError(
      new UpstreamStillRefusedError(withCode('ECONNREFUSED'), 5000, since),
      route,
    );
    expect(still).toMatchObject({ status: 502, kind: 'refused', code: 'ECONNREFUSED', hint: refused.hint });
    expect(still.cause).toBe(
      `${refused.cause}, still: not waiting again (the routes['/api'].retryConnectMs window of 5000 ms already passed at 14:03:12); answering at once until it accepts connections`,
    );
  });
});

describe('renderProxyError', () => {
  const context = {
    method: 'GET',
    path: '/api/<script>alert(1)</script>',
    prefix: '/api',
    target: 'http://localhost:9',
    diagnosis: diagnoseUpstreamError(withCode('ECONNREFUSED'), route),
  };

  it('chooses the format from the request', () => {
    expect(preferredFormat({ accept: 'text/html,application/xhtml+xml' })).toBe('html');
    expect(preferredFormat({ 'sec-fetch-mode': 'navigate' })).toBe('html');
    expect(preferredFormat({ accept: 'application/json' })).toBe('json');
    expect(preferredFormat({ accept: '*/*' })).toBe('text');
  });

  // Attack: a link to /api/<script>… on the dev server must not run script through our error page.
  it('escapes the echoed request in HTML', () => {
    const { body, status, headers } = renderProxyError(context, 'html');
    expect(status).toBe(502);
    expect(headers['content-type']).toMatch(/text\/html/);
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('names route, target, cause and fix in JSON and text', () => {
    const json = JSON.parse(renderProxyError(context, 'json').body);
    expect(json).toMatchObject({
      route: '/api',
      target: 'http://localhost:9',
      kind: 'refused',
      code: 'ECONNREFUSED',
    });
    expect(json.hint).toMatch(/Start the backend/);
    const text = renderProxyError(context, 'text').body;
    expect(text).toMatch(/Route: +\/api → http:\/\/localhost:9/);
    expect(text).toMatch(/Fix: /);
  });
});

describe('renderProxyError names the error code once', () => {
  const dnsRoute = resolveOptions({ routes: { '/api': 'http://api.invalid' } }).routes[0]!;
  const dns = {
    method: 'GET',
    path: '/api/x',
    prefix: '/api',
    target: 'http://api.invalid',
    diagnosis: diagnoseUpstreamError(withCode('ENOTFOUND'), dnsRoute),
  };

  it('in a cause that already says it (DNS), and appended where the cause does not (refused)', () => {
    for (const format of ['text', 'html'] as const) {
      const body = renderProxyError(dns, format).body;
      expect(body.match(/ENOTFOUND/g), format).toHaveLength(1);
    }
    const refused = diagnoseUpstreamError(withCode('ECONNREFUSED'), route);
    const text = renderProxyError({ ...dns, diagnosis: refused }, 'text').body;
    expect(text).toMatch(/Cause: +nothing is listening at .* \[ECONNREFUSED\]/);
  });
});

describe('formatAccessLog', () => {
  it('prints method, path, target, status and time, and elides the query', () => {
    expect(
      formatAccessLog({
        method: 'GET',
        url: '/api/x?token=secret',
        target: 'http://a.test/api/x?token=secret',
        status: 200,
        durationMs: 12.4,
      }),
    ).toBe('GET /api/x?… → http://a.test/api/x?… 200 12 ms');
  });
});
