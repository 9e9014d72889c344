import type { IncomingMessage } from 'node:http';
import type { ResolvedRoute } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';
import type { WarningChannel } from '../warnings.js';
import { judgeWebSocket, type WebSocketJudgement, websocketWarnings } from './judge-websocket.js';
import { collapsePath } from './path-pattern.js';

export interface WebSocketAuditor {
  /** A proxied upgrade: judged once per route and path pattern, in the background. */
  observe(req: IncomingMessage, route: ResolvedRoute): void;
  judgements(): Promise<WebSocketJudgement[]>;
}

/**
 * The audit's WebSocket side: each kind of socket the app opens is judged by the handshake production accepts
 * (judge-websocket.ts), never by CORS, and its warnings go out once.
 */
export function createWebSocketAuditor(
  production: ResolvedProduction,
  warnings: WarningChannel,
  limited: <T>(task: () => Promise<T>) => Promise<T>,
): WebSocketAuditor {
  const socketJudgements = new Map<string, Promise<WebSocketJudgement | undefined>>();
  return {
    observe(req, route) {
      const url = req.url ?? '/';
      const key = `${route.prefix} ${collapsePath(url.split('?')[0] || '/')}`;
      if (socketJudgements.has(key)) return;
      if (!production.probe) {
        socketJudgements.set(key, Promise.resolve(undefined));
        warnings.report({
          id: `ws-not-judged:${route.prefix}`,
          level: 'info',
          message: `WebSockets under ${route.prefix} are not judged: production.probe is off, and an allowlist describes CORS, which browsers do not apply to WebSockets. Set production.probe: true to ask production whether it accepts the upgrade from ${production.origin}.`,
        });
        return;
      }
      const carriedCookies = req.headers.cookie !== undefined;
      const subprotocols = req.headers['sec-websocket-protocol'];
      const pending = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => limited(() => judgeWebSocket(url, route, production, subprotocols)))
        .then((judgement) => {
          for (const warning of websocketWarnings(judgement, production.origin, carriedCookies)) {
            warnings.report(warning);
          }
          return judgement;
        });
      socketJudgements.set(key, pending);
    },
    async judgements() {
      const all = await Promise.all(socketJudgements.values());
      return all.filter((judgement): judgement is WebSocketJudgement => judgement !== undefined);
    },
  };
}
