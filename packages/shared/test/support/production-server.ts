import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The CORS policies a "production" API can have, as real servers on loopback:
 * - strict: only https://app.example.com, GET/POST, content-type, with credentials;
 * - missing: no CORS headers at all;
 * - wildcard-credentials: `*` plus `Access-Control-Allow-Credentials: true` (fails any credentialed request);
 * - reflecting: echoes any Origin, with credentials (the security hole scanners look for).
 */
export type ProductionPolicy = 'strict' | 'missing' | 'wildcard-credentials' | 'reflecting';

export interface ProductionServer {
  readonly url: string;
  /** Requests received (method and path), so tests can prove what a probe did and did not send. */
  readonly received: {
    method: string;
    url: string;
    origin: string | undefined;
    cookie: string | undefined;
  }[];
  /** While held, every request waits (to prove no proxied response waits for a probe). */
  hold(): void;
  release(): void;
  /** Requests currently waiting. */
  pending(): number;
  close(): Promise<void>;
}

export async function startProductionServer(policy: ProductionPolicy): Promise<ProductionServer> {
  const received: ProductionServer['received'] = [];
  let held = false;
  const waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      origin: req.headers.origin,
      cookie: req.headers.cookie,
    });
    const answer = () => {
      const origin = req.headers.origin;
      const headers: Record<string, string> = {};
      if (policy === 'strict' && origin === 'https://app.example.com') {
        Object.assign(headers, {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          vary: 'Origin',
        });
        if (req.method === 'OPTIONS') {
          Object.assign(headers, {
            'access-control-allow-methods': 'GET, POST',
            'access-control-allow-headers': 'content-type',
          });
        }
      } else if (policy === 'wildcard-credentials') {
        Object.assign(headers, {
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': '*',
          'access-control-allow-headers': '*',
        });
      } else if (policy === 'reflecting' && origin) {
        Object.assign(headers, {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
          'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
        });
      }
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { ...headers, 'content-type': 'application/json' });
      res.end(req.method === 'OPTIONS' ? undefined : JSON.stringify({ production: policy }));
    };
    if (held) waiting.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const answer of waiting.splice(0)) answer();
    },
    pending: () => waiting.length,
    close: async () => {
      for (const answer of waiting.splice(0)) answer();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
