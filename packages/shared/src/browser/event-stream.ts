import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyWarning, WarningChannel } from '../warnings.js';
import { warningEventName } from './client-script.js';

/** A comment line now and then keeps idle connections from being cut by whatever sits in between. */
const heartbeatMs = 20_000;

/**
 * `GET /__cors-dev-proxy/events`: the warnings as server-sent events, those raised before the page connected
 * first. `no-transform` keeps compression middleware (webpack-dev-server's `compress`) from buffering it.
 */
export function serveWarningStream(
  req: IncomingMessage,
  res: ServerResponse,
  warnings: WarningChannel,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  const send = (warning: ProxyWarning) => {
    res.write(`event: ${warningEventName}\ndata: ${JSON.stringify(warning)}\n\n`);
  };
  res.write('retry: 2000\n\n');
  for (const warning of warnings.list()) send(warning);
  const unsubscribe = warnings.subscribe(send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.socket.setTimeout(0);
  res.on('close', stop);
}
