import { describe, expect, it } from 'vitest';
import type { ShapeJudgement } from '../../src/audit/judge-shape.js';
import { recordedShapesSummary } from '../../src/audit/recorded-shapes-summary.js';

const judged = (method: string, pathPattern: string, allowed: boolean | null, drift?: string) =>
  ({
    shape: { method, pathPattern },
    verdict: allowed === null ? undefined : { allowed },
    drift,
  }) as unknown as ShapeJudgement;

describe('recordedShapesSummary: one start-up line for the shapes of earlier sessions', () => {
  it('says nothing when production allows every recorded shape', () => {
    expect(
      recordedShapesSummary([judged('GET', '/api/hello', true), judged('PUT', '/api/x', null)]),
    ).toBeUndefined();
  });

  it('counts the blocked shapes, names a few, and says where the details are', () => {
    const line = recordedShapesSummary([
      judged('PATCH', '/api/orders/:id', false),
      judged('PATCH', '/api/orders/:id', false),
      judged('DELETE', '/api/a', false),
      judged('PUT', '/api/b', false),
      judged('POST', '/api/c', false),
      judged('GET', '/api/ok', true),
    ]);
    expect(line).toBe(
      '5 request shapes recorded earlier would be blocked in production (PATCH /api/orders/:id, DELETE /api/a, PUT /api/b, …). Details and fixes: `npx cors-dev-proxy audit`, or /__cors-dev-proxy/audit on this dev server.',
    );
  });

  it('names drift apart from blocks', () => {
    expect(recordedShapesSummary([judged('GET', '/api/x', true, 'production allows less')])).toMatch(
      /^1 request shape judged against a declared allowlist that production no longer matches \(GET \/api\/x\)\./,
    );
  });
});
