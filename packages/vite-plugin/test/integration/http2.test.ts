import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningVite,
  startVite,
  type ViteVersion,
  viteVersions,
} from '../../../../test/host-suite/harnesses/vite.js';
import { type RunningBackend, startBackend } from '../../../shared/test/support/backend.js';
import { createSelfSignedCertificate } from '../../../shared/test/support/self-signed.js';
import { corsDevProxy } from '../../src/index.js';

/**
 * Vite with `server.https` serves HTTP/2 (and HTTP/1.1 on the same port). Browsers speak HTTP/2 to it, so the
 * proxy must take Node's HTTP/2 compatibility requests: pseudo-headers (`:authority`, `:path`…) instead of Host,
 * no status message, no connection headers, and request bodies that may come without a length.
 */

interface Http2Answer {
  readonly status: number;
  readonly headers: http2.IncomingHttpHeaders;
  readonly body: string;
}

function request(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  body?: string,
): Promise<Http2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (received) => {
      responseHeaders = received;
    });
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('end', () =>
      resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, body: text }),
    );
    stream.on('error', reject);
    // Streamed without a Content-Length, as fetch does with a ReadableStream body.
    if (body !== undefined) stream.end(body);
  });
}

for (const version of Object.keys(viteVersions) as ViteVersion[]) {
  describe(`${version}: HTTP/2 (server.https)`, () => {
    let backend: RunningBackend;
    // A backend answering with a status HTTP/2 cannot carry (600–999 are valid HTTP/1.1, not HTTP/2), as a
    // stream whose first byte comes later: the proxy writes the headers from its flush timer then.
    let oddStatus: net.Server;
    let vite: RunningVite;
    let origin: string;
    let session: http2.ClientHttp2Session;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);

    beforeAll(async () => {
      const { key, cert } = createSelfSignedCertificate();
      backend = await startBackend();
      oddStatus = net.createServer((socket) => {
        socket.on('error', () => undefined);
        socket.once('data', () => socket.write('HTTP/1.1 799 Custom\r\nTransfer-Encoding: chunked\r\n\r\n'));
      });
      await new Promise<void>((resolve) => oddStatus.listen(0, '127.0.0.1', resolve));
      const oddStatusUrl = `http://127.0.0.1:${(oddStatus.address() as net.AddressInfo).port}`;
      const routes = { '/api': backend.url, '/odd': oddStatusUrl };
      vite = await startVite(version, [corsDevProxy({ routes })], {
        config: { server: { host: '127.0.0.1', port: 0, https: { key, cert } } },
      });
      origin = vite.url.replace('http://', 'https://');
      session = http2.connect(origin, { ca: cert });
      process.on('warning', onWarning);
    });
    afterAll(async () => {
      process.off('warning', onWarning);
      session?.close();
      await vite?.close();
      await backend?.close();
      oddStatus?.close();
    });

    it('proxies a GET: the backend sees its own Host, the browser gets the body', async () => {
      const answer = await request(session, { ':method': 'GET', ':path': '/api/echo-headers' });
      expect(answer.status).toBe(200);
      const seen = JSON.parse(answer.body) as Record<string, string>;
      expect(seen.host).toBe(new URL(backend.url).host);
      // No pseudo-header leaked upstream as a header.
      expect(Object.keys(seen).filter((name) => name.startsWith(':'))).toEqual([]);
    });

    it('streams a POST body without a length, and rewrites the 303 to this https origin', async () => {
      const answer = await request(
        session,
        { ':method': 'POST', ':path': '/api/orders', 'content-type': 'application/json' },
        '{"item":"book"}',
      );
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(`${origin}/api/orders/42`);
    });

    it('streams a chunked body piece by piece, not buffered to the end', async () => {
      const pieces = await new Promise<string[]>((resolve, reject) => {
        const stream = session.request({
          ':method': 'GET',
          ':path': '/api/stream-chunks?count=3&interval=100',
        });
        const received: string[] = [];
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => received.push(chunk));
        stream.on('end', () => resolve(received));
        stream.on('error', reject);
      });
      expect(pieces.join('').trim().split('\n')).toHaveLength(3);
      // Each line was written upstream 100 ms after the last; a buffering proxy would deliver one piece.
      expect(pieces.length).toBeGreaterThanOrEqual(3);
    });

    it('stores the login cookie for this origin and emits no HTTP/2 warning', async () => {
      const answer = await request(
        session,
        { ':method': 'POST', ':path': '/api/login', 'content-type': 'application/json' },
        '{"user":"ada"}',
      );
      expect(answer.status).toBe(200);
      expect(String(answer.headers['set-cookie'])).toMatch(/^session=/);
      expect(String(answer.headers['set-cookie'])).not.toMatch(/Domain=/i);
      expect(warnings.filter((message) => /HTTP\/2|status message/i.test(message))).toEqual([]);
      expect(vite.lines.join('\n')).not.toMatch(/ERR_HTTP2|Error/);
    });

    it('answers a status HTTP/2 cannot carry with a 502 that says so, and the dev server stays up', async () => {
      const answer = await request(session, {
        ':method': 'GET',
        ':path': '/odd/stream',
        accept: 'text/plain',
      });
      expect(answer.status).toBe(502);
      expect(answer.headers['x-cors-dev-proxy-error']).toBe('other');
      expect(answer.body).toContain('cannot be passed on to the browser');
      expect(answer.body).toMatch(/ERR_HTTP2_STATUS_INVALID/);
      expect((await request(session, { ':method': 'GET', ':path': '/api/echo-headers' })).status).toBe(200);
    });
  });
}
