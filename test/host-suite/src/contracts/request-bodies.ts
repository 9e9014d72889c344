// Request bodies on their way upstream: every byte in order, never buffered whole (a backend that reads slowly
// holds the browser back), and a backend that answers before reading the body (a size limit, a failed login)
// leaves the browser's connection usable for its next request.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../../../../packages/shared/test/support/send-request.js';
import type { ContractGroup } from '../contract-group.js';
import type { HostHarness } from '../harness.js';
import { type StartedHost, startHost } from '../start-host.js';

const MiB = 1024 * 1024;
/** Large enough that the sockets' own buffers on the way (a few MiB each on loopback) cannot hold it. */
const uploadBytes = 64 * MiB;

/** Deterministic bytes that differ from chunk to chunk, so a lost, repeated or reordered chunk changes the hash. */
function chunkNumber(index: number, size: number): Buffer {
  const chunk = Buffer.alloc(size);
  for (let offset = 0; offset + 4 <= size; offset += 4)
    chunk.writeUInt32LE((index * size + offset) >>> 0, offset);
  return chunk;
}

interface SlowBackend {
  readonly server: http.Server;
  readonly url: string;
  /** Bytes of the current upload read so far. */
  received(): number;
  /** Starts reading the held upload. */
  release(): void;
}

/**
 * `/hold`: reads nothing of the body until released, then answers its length and SHA-256. `/limit`: answers 413
 * at once without reading the body, as a body-size limit does. `/hello`: a small answer.
 */
async function startSlowBackend(): Promise<SlowBackend> {
  let received = 0;
  let release: () => void = () => undefined;
  const server = http.createServer((req, res) => {
    if (req.url === '/limit') {
      res.writeHead(413, { 'content-type': 'text/plain' });
      res.end('too large');
      return;
    }
    if (req.url === '/hello') {
      req.resume();
      res.end('hello');
      return;
    }
    received = 0;
    req.pause();
    release = () => {
      const hash = createHash('sha256');
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        hash.update(chunk);
      });
      req.on('end', () => res.end(JSON.stringify({ bytes: received, sha256: hash.digest('hex') })));
      req.resume();
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    release: () => release(),
  };
}

/** One POST of `bytes` with a known length, written as fast as the connection takes it. */
function upload(
  url: string,
  bytes: number,
  agent: http.Agent | false,
): { sent(): number; done: Promise<{ status: number; body: string; sha256: string }> } {
  let sent = 0;
  const hash = createHash('sha256');
  const done = new Promise<{ status: number; body: string; sha256: string }>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/octet-stream', 'content-length': bytes },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text: string) => {
          body += text;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, sha256: hash.digest('hex') }),
        );
      },
    );
    request.on('error', reject);
    const size = 64 * 1024;
    let index = 0;
    const write = () => {
      while (sent < bytes) {
        const chunk = chunkNumber(index++, Math.min(size, bytes - sent));
        hash.update(chunk);
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', write);
          return;
        }
      }
      request.end();
    };
    write();
  });
  return { sent: () => sent, done };
}

function requestBodyContracts(harness: HostHarness): void {
  describe('request bodies', () => {
    let backend: SlowBackend;
    let dev: StartedHost;

    beforeAll(async () => {
      backend = await startSlowBackend();
      dev = await startHost(harness, { routes: { '/api': { target: backend.url, rewrite: '' } } });
    });
    afterAll(async () => {
      await dev?.close();
      backend?.server.closeAllConnections();
      await new Promise((resolve) => backend?.server.close(resolve));
    });

    it('streams an upload with backpressure: a backend that does not read holds the browser back, then gets every byte', async () => {
      const transfer = upload(`${dev.url}/api/hold`, uploadBytes, false);
      // The backend reads nothing yet: what the browser could send is what the sockets and the proxy buffer on
      // the way. Wait until it stops growing.
      let before = -1;
      while (transfer.sent() !== before) {
        before = transfer.sent();
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(backend.received()).toBe(0);
      expect(transfer.sent()).toBeLessThan(uploadBytes / 2);
      backend.release();
      const answer = await transfer.done;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ bytes: uploadBytes, sha256: answer.sha256 });
    });

    it("keeps the browser's connection usable when the backend answers before reading the body", async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<unknown>();
      agent.on('free', (socket) => sockets.add(socket));
      try {
        const refused = await upload(`${dev.url}/api/limit`, 4 * MiB, agent).done;
        expect(refused).toMatchObject({ status: 413, body: 'too large' });
        // A connection left stalled would hold this request until the test's time limit.
        const next = await sendRequest(`${dev.url}/api/hello`, { agent });
        expect(next.body).toBe('hello');
        expect(sockets.size).toBe(1);
      } finally {
        agent.destroy();
      }
    });
  });
}

export const requestBodies: ContractGroup = {
  title: 'request bodies',
  tiers: { integration: requestBodyContracts },
};
