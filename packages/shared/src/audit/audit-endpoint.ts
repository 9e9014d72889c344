import type { IncomingMessage, ServerResponse } from 'node:http';
/** The dev server path that answers the audit as JSON, for the example page, scripts and curious developers. */
import { auditEndpointPath } from './audit-path.js';
import type { ProductionAuditor } from './production-auditor.js';

export { auditEndpointPath };

/**
 * Answers `GET /__cors-dev-proxy/audit`: every request shape seen so far, judged against production.
 * Read-only and local: it exposes only what the developer's own app sent.
 */
export async function serveAuditReport(
  auditor: ProductionAuditor | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  if (!auditor) {
    res.end(
      JSON.stringify({
        enabled: false,
        hint: "Add production: { origin: 'https://app.example.com' } to the cors-dev-proxy options.",
      }),
    );
    return;
  }
  // `?replay=http://localhost:5173` replays the allowlist against that local origin now (on demand).
  const replayOrigin = new URL(req.url ?? '/', 'http://localhost').searchParams.get('replay');
  if (replayOrigin) await auditor.replayLocalOrigin(replayOrigin);
  const judgements = await auditor.judgeAll();
  const replay = auditor.lastReplay();
  const webSockets = await auditor.webSockets();
  res.end(
    JSON.stringify({
      enabled: true,
      origin: auditor.production.origin,
      mode: auditor.enforcing ? 'enforce' : 'warn',
      shapes: judgements
        .map((judgement) => ({
          key: judgement.shape.key,
          method: judgement.shape.method,
          path: judgement.shape.pathPattern,
          credentials: judgement.shape.credentials,
          credentialsFrom: judgement.shape.credentialsFrom,
          productionUrl: judgement.url,
          allowed: judgement.verdict?.allowed ?? null,
          corsError: judgement.verdict?.corsError ?? null,
          message: judgement.verdict?.message ?? null,
          ...(judgement.drift ? { drift: judgement.drift } : {}),
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
      webSockets: webSockets.map((socket) => ({
        path: socket.pathPattern,
        productionUrl: socket.url,
        acceptedFromProduction: socket.fromProduction?.accepted ?? null,
        acceptedFromAnySite: socket.fromUnrelated?.accepted ?? null,
        ...(socket.probeError ? { probeError: socket.probeError } : {}),
      })),
      ...(replay ? { localOrigin: replay.localOrigin, findings: replay.findings } : {}),
    }),
  );
}
