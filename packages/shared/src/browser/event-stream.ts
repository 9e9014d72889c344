import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyWarning, WarningChannel } from '../warnings.js';
import { warningEventName } from './client-script.js';

/** A comment line now and then keeps idle connections from being cut by whatever sits in between. */
const heartbeatMs = 20_000;

export interface EventStream {
  /** Sends one event; `data` is sent as JSON. */
  send(event: string, data: unknown): void;
  /** Called once when the page goes away. */
  onClose(stop: () => void): void;
}

/**
 * Opens a server-sent event stream on `res`: the headers, a reconnect delay, heartbeats. `no-transform` keeps
 * compression middleware (webpack-dev-server's `compress`) from buffering it.
 */
export function openEventStream(req: IncomingMessage, res: ServerResponse): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  req.socket.setTimeout(0);
  res.on('close', () => clearInterval(heartbeat));
  return {
    send(event, data) {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(stop) {
      res.on('close', stop);
    },
  };
}

/** `GET /__cors-dev-proxy/events`: the warnings as server-sent events, those raised before the page connected first. */
export function serveWarningStream(
  req: IncomingMessage,
  res: ServerResponse,
  warnings: WarningChannel,
): void {
  const stream = openEventStream(req, res);
  const send = (warning: ProxyWarning) => stream.send(warningEventName, warning);
  for (const warning of warnings.list()) send(warning);
  stream.onClose(warnings.subscribe(send));
}
