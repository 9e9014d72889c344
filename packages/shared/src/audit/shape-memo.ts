import type { IncomingMessage } from 'node:http';
import type { RequestShape } from './request-shape.js';

/** One remembered request: its raw header names in order, its Content-Type and the shape computed for it. */
interface MemoEntry {
  readonly names: readonly string[];
  readonly contentType: string | undefined;
  readonly shape: RequestShape;
}

/** Distinct (method, path) pairs kept before the memo starts over: bounded memory with ids in paths. */
const maxPaths = 10_000;

/**
 * Remembers the shape of each kind of request so the audit's hot path (every proxied request) does not
 * recompute it. A hit must cost next to nothing, and allocate nothing: it is looked up by method and path
 * (no query), then confirmed by comparing the raw header names in place and the Content-Type. An earlier
 * string fingerprint (`Object.keys(headers).join(',')` and friends) measured about 10 µs per request inside a
 * Vite dev server, 12 % of the throughput (BENCHMARKS.md, audit).
 *
 * The memo may be finer than the shape (header order, letter case), never coarser: a miss only recomputes.
 */
export function createShapeMemo(compute: (req: IncomingMessage) => RequestShape) {
  const byMethod = new Map<string, Map<string, MemoEntry[]>>();
  let paths = 0;

  return function shapeOf(req: IncomingMessage): RequestShape {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const contentType = req.headers['content-type'];
    const raw = req.rawHeaders;
    let byPath = byMethod.get(method);
    const entries = byPath?.get(path);
    if (entries) {
      for (const entry of entries) {
        if (entry.contentType === contentType && sameNames(entry.names, raw)) return entry.shape;
      }
    }
    const shape = compute(req);
    const names: string[] = [];
    for (let i = 0; i < raw.length; i += 2) names.push(raw[i] as string);
    const entry: MemoEntry = { names, contentType, shape };
    if (entries) {
      entries.push(entry);
      return shape;
    }
    if (paths >= maxPaths) {
      byMethod.clear();
      paths = 0;
    }
    byPath = byMethod.get(method);
    if (!byPath) {
      byPath = new Map();
      byMethod.set(method, byPath);
    }
    byPath.set(path, [entry]);
    paths++;
    return shape;
  };
}

/** Whether `raw` (name, value, name, value…) has exactly these names in this order. */
function sameNames(names: readonly string[], raw: readonly string[]): boolean {
  if (names.length * 2 !== raw.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== raw[i * 2]) return false;
  return true;
}
