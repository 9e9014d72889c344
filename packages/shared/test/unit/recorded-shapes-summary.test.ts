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
      recordedShapesSummary([judged('GET', '/api/hello', true), judged('PUT', '/api/x', null)], {
        dashboard: true,
      }),
    ).toBeUndefined();
  });

  it('counts the blocked shapes, names a few, and says where the details are', () => {
    const shapes = [
      judged('PATCH', '/api/orders/:id', false),
      judged('PATCH', '/api/orders/:id', false),
      judged('DELETE', '/api/a', false),
      judged('PUT', '/api/b', false),
      judged('POST', '/api/c', false),
      judged('GET', '/api/ok', true),
    ];
    const line = (dashboard: boolean) => recordedShapesSummary(shapes, { dashboard });
    expect(line(true)).toBe(
      '5 request shapes recorded earlier would be blocked in production (PATCH /api/orders/:id, DELETE /api/a, PUT /api/b, …). Details and fixes: the dashboard (/__cors-dev-proxy/#production on this dev server) or `npx cors-dev-proxy audit`.',
    );
    // dashboard: false: the JSON endpoint is what is left to look at on the dev server.
    expect(line(false)).toMatch(
      /Details and fixes: `npx cors-dev-proxy audit`, or \/__cors-dev-proxy\/audit on this dev server\.$/,
    );
  });

  it('names drift apart from blocks', () => {
    expect(
      recordedShapesSummary([judged('GET', '/api/x', true, 'production allows less')], { dashboard: true }),
    ).toMatch(
      /^1 request shape judged against a declared allowlist that production no longer matches \(GET \/api\/x\)\./,
    );
  });
});
