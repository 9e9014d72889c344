import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type RequestShape, shapeOfRequest } from '../../src/audit/request-shape.js';
import { createShapeMemo } from '../../src/audit/shape-memo.js';

/** A request as Node's server hands it over: rawHeaders in wire order, headers lower-cased. */
function request(method: string, url: string, raw: string[]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[(raw[i] as string).toLowerCase()] = raw[i + 1] as string;
  return { method, url, rawHeaders: raw, headers } as unknown as IncomingMessage;
}

function countingMemo() {
  const computed: string[] = [];
  const shapeOf = createShapeMemo((req) => {
    computed.push(`${req.method} ${req.url}`);
    return shapeOfRequest(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers },
      '/api',
      'auto',
    );
  });
  return { shapeOf, computed };
}

describe('shape memo (the audit hot path)', () => {
  const plain = ['Host', 'localhost:5173', 'Accept', '*/*'];

  it('computes a kind of request once, whatever its query string', () => {
    const { shapeOf, computed } = countingMemo();
    const first = shapeOf(request('GET', '/api/orders?page=1', plain));
    const again = shapeOf(request('GET', '/api/orders?page=2', plain));
    expect(again).toBe(first);
    expect(computed).toEqual(['GET /api/orders?page=1']);
  });

  it('recomputes when a header name, the Content-Type or the method differs, and gets the shape right', () => {
    const { shapeOf, computed } = countingMemo();
    const plainShape = shapeOf(request('GET', '/api/orders', plain));
    const withToken = shapeOf(request('GET', '/api/orders', [...plain, 'Authorization', 'Bearer x']));
    const json = shapeOf(request('POST', '/api/orders', [...plain, 'Content-Type', 'application/json']));
    const form = shapeOf(
      request('POST', '/api/orders', [...plain, 'Content-Type', 'application/x-www-form-urlencoded']),
    );
    expect(computed).toHaveLength(4);
    expect(plainShape.key).toBe('GET /api/orders');
    expect(withToken.key).toBe('GET /api/orders [authorization]');
    expect(json.key).toBe('POST /api/orders [content-type]');
    expect(form.key).toBe('POST /api/orders');
    // …and each is remembered separately.
    const again: RequestShape = shapeOf(
      request('GET', '/api/orders', [...plain, 'Authorization', 'Bearer y']),
    );
    expect(again).toBe(withToken);
    expect(computed).toHaveLength(4);
  });

  it('stays bounded: after 10,000 distinct paths it starts over rather than growing', () => {
    const { shapeOf, computed } = countingMemo();
    for (let i = 0; i <= 10_000; i++) shapeOf(request('GET', `/api/items/${i}`, plain));
    expect(computed).toHaveLength(10_001);
    shapeOf(request('GET', '/api/items/0', plain));
    expect(computed).toHaveLength(10_002);
    shapeOf(request('GET', '/api/items/10000', plain));
    expect(computed).toHaveLength(10_002);
  });
});
