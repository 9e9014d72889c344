import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProductionAuditor } from '../audit/production-auditor.js';

/** A report is a few hundred bytes; anything much larger is not from the page script. */
const maxBodyBytes = 8 * 1024;

/**
 * `POST /__cors-dev-proxy/calls`: one report of the page script (page-call-reporter.ts) about one of the page's
 * calls. Answered 204 whatever happens: the page never waits on it, and an invalid report is only dropped.
 */
export function receivePageCall(
  req: IncomingMessage,
  res: ServerResponse,
  auditor: ProductionAuditor | undefined,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    // Past the limit the rest is read and dropped: memory stays bounded, and the answer still arrives.
    if (size <= maxBodyBytes) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > maxBodyBytes) {
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('413 (cors-dev-proxy): a page-call report is at most 8 KiB.\n');
      return;
    }
    try {
      auditor?.notePageCall(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      // Not JSON: dropped, like any invalid report.
    }
    res.writeHead(204);
    res.end();
  });
  req.on('error', () => res.destroy());
}
