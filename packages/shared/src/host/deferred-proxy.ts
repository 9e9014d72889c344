import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { traceProxy } from '../debug.js';
import type { ProxyLogger } from '../logger.js';
import {
  type CorsDevProxy,
  type CreateProxyContext,
  createCorsDevProxy,
  type NextFunction,
} from '../proxy/create-proxy.js';
import type { HostOptions } from './resolve-host-options.js';

/** The proxy of a host whose hook must answer synchronously while the options are still being read. */
export interface DeferredProxy {
  /** The proxy once the options are read; undefined when there are no routes (the host was told why). */
  readonly ready: Promise<CorsDevProxy | undefined>;
  /** Waits for the options, then proxies or calls `next()`. Errors in the options reach `next(error)`. */
  readonly middleware: (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;
  /** Claims an upgrade once ready; before that (the server is not listening yet in practice) claims nothing. */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  close(): Promise<void>;
}

/**
 * webpack-dev-server's `setupMiddlewares` is synchronous while cors-dev-proxy.config.ts loads asynchronously:
 * the middleware is registered at once and the proxy comes into being when the options are known.
 * Requests that arrive meanwhile wait for it instead of falling through to the host's app.
 */
export function createDeferredProxy(
  options: Promise<HostOptions>,
  context: CreateProxyContext & { readonly logger: ProxyLogger; readonly noRoutesHint: string },
): DeferredProxy {
  let proxy: CorsDevProxy | undefined;
  const ready = options.then((resolved) => {
    for (const note of resolved.notes) context.logger.info(note);
    for (const warning of resolved.warnings) context.logger.warn(warning);
    if (Object.keys(resolved.options.routes ?? {}).length === 0) {
      context.logger.warn(`no routes to proxy. ${context.noRoutesHint}`);
      return undefined;
    }
    proxy = createCorsDevProxy(resolved.options, context);
    return proxy;
  });
  // A bad config is reported on the first request too (next(error)); never an unhandled rejection.
  ready.catch((error: unknown) => context.logger.error(String((error as Error).message ?? error)));
  return {
    ready,
    middleware: function corsDevProxyMiddleware(req, res, next) {
      if (proxy) {
        proxy.middleware(req, res, next);
        return;
      }
      ready.then(
        (created) => (created ? created.middleware(req, res, next) : next()),
        (error: unknown) => next(error),
      );
    },
    upgrade(req, socket, head) {
      if (proxy) return proxy.upgrade(req, socket, head);
      if (traceProxy.enabled) traceProxy('upgrade %s before the options were read: not claimed', req.url);
      return false;
    },
    async close() {
      await (await ready.catch(() => undefined))?.close();
    },
  };
}
