import type { Middleware } from './host-types.js';

type Handler = (...args: unknown[]) => unknown;

/**
 * webpack-dev-server (and Rspack's) mounts one `http-proxy-middleware` entry, and one
 * `http-proxy-middleware-error-handler`, per `devServer.proxy` entry, in order, after ours. The entries
 * cors-dev-proxy adopted must leave that list, or wds's `startsWith` match would still send `/apix` upstream
 * for an adopted `/api`. The list is fixed synchronously while the adoption is known only once the options are
 * read, so each entry is gated: it steps aside (`next()`) when its position is among `served()`. Requests
 * reach these entries only after ours, which waits for the options, so the gate is always decided by then.
 */
export function handOverHostProxyEntries(middlewares: Middleware[], served: () => ReadonlySet<number>): void {
  const positions = new Map<string, number>();
  for (const [at, entry] of middlewares.entries()) {
    if (typeof entry === 'function' || !entry.name?.startsWith('http-proxy-middleware')) continue;
    const index = positions.get(entry.name) ?? 0;
    positions.set(entry.name, index + 1);
    const original = entry.middleware as Handler;
    // Express tells error handlers by their arity: keep four parameters for the error-handler entries.
    const gated =
      original.length === 4
        ? (error: unknown, req: unknown, res: unknown, next: (error?: unknown) => void) =>
            served().has(index) ? next(error) : original(error, req, res, next)
        : (req: unknown, res: unknown, next: () => void) =>
            served().has(index) ? next() : original(req, res, next);
    middlewares[at] = { ...entry, middleware: gated };
  }
}
