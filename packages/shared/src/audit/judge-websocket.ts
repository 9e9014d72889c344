import type { ResolvedRoute } from '../config/options.js';
import type { ResolvedProduction } from '../config/production-options.js';
import { unrelatedOrigin } from './crafted-origins.js';
import { collapsePath } from './path-pattern.js';
import { productionUrlFor } from './production-url.js';
import { sendUpgradeProbe, type UpgradeAnswer } from './websocket-probe.js';

/**
 * Browsers apply no CORS to WebSockets: `new WebSocket()` connects from any page, sends the page's Origin
 * (and cookies) on the handshake, and only the server's own Origin check stands between a foreign site and
 * the socket. So a WebSocket is judged by what production answers to the upgrade, from the production origin
 * and from an unrelated one — never by preflights.
 */
export interface WebSocketJudgement {
  readonly prefix: string;
  /** Local path with ids collapsed. */
  readonly pathPattern: string;
  /** The production socket URL, without query (it often carries tokens). */
  readonly url: string;
  /** Production's answer to the handshake from the production origin. */
  readonly fromProduction?: UpgradeAnswer;
  /** Its answer from an origin no allowlist should contain. */
  readonly fromUnrelated?: UpgradeAnswer;
  /** Why probing failed (network), when it did. */
  readonly probeError?: string;
}

/** Query parameters whose values are never sent to production (the dev session's tokens stay local). */
const secretName = /token|key|secret|auth|sig|session|pass|jwt|code|ticket/i;

/**
 * The URL production's page opens for a local WebSocket path: the route's mapping on the production target,
 * with `ws:`/`wss:`. Secret-looking query values are blanked, others kept (Socket.IO needs `EIO`, `transport`).
 */
export function productionSocketUrl(
  localPathAndQuery: string,
  route: ResolvedRoute,
  production: ResolvedProduction,
) {
  const url = new URL(productionUrlFor(localPathAndQuery, route, production));
  for (const name of [...url.searchParams.keys()]) if (secretName.test(name)) url.searchParams.set(name, '');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

export async function judgeWebSocket(
  localPathAndQuery: string,
  route: ResolvedRoute,
  production: ResolvedProduction,
  subprotocols: string | undefined,
  options: { timeoutMs?: number } = {},
): Promise<WebSocketJudgement> {
  const url = productionSocketUrl(localPathAndQuery, route, production);
  const shown = `${url.origin}${url.pathname}`;
  const base = {
    prefix: route.prefix,
    pathPattern: collapsePath(localPathAndQuery.split('?')[0] || '/'),
    url: shown,
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    const fromProduction = await sendUpgradeProbe(url, production.origin, subprotocols, timeoutMs);
    const fromUnrelated = await sendUpgradeProbe(url, unrelatedOrigin, subprotocols, timeoutMs);
    return { ...base, fromProduction, fromUnrelated };
  } catch (error) {
    return { ...base, probeError: (error as Error).message };
  }
}

/** Chromium 156's console text for a refused handshake (checked by test/browser/websocket-origin.test.ts). */
export function websocketFailureMessage(url: string, status: number): string {
  return `WebSocket connection to '${url}' failed: Error during WebSocket handshake: Unexpected response code: ${status}`;
}

/** The warnings a judgement gives: at most one for the app's own origin and one security finding. */
export function websocketWarnings(
  judgement: WebSocketJudgement,
  productionOrigin: string,
  upgradeCarriedCookies: boolean,
): { id: string; level?: 'info'; message: string }[] {
  const where = `the WebSocket ${judgement.pathPattern}`;
  if (judgement.probeError) {
    return [
      {
        id: `ws-probe-failed:${judgement.prefix}`,
        level: 'info',
        message: `Could not probe production for ${where} (${judgement.probeError}).`,
      },
    ];
  }
  const { fromProduction, fromUnrelated } = judgement;
  if (!fromProduction || !fromUnrelated) return [];
  if (!fromProduction.accepted) {
    const sameForAnyone = !fromUnrelated.accepted && fromUnrelated.status === fromProduction.status;
    return [
      {
        id: `ws-production:${judgement.prefix}:${judgement.pathPattern}`,
        message:
          `In production, ${where} from ${productionOrigin} will fail: ${websocketFailureMessage(judgement.url, fromProduction.status)}.` +
          ' Browsers apply no CORS to WebSockets: the server decides by the Origin header of the upgrade.' +
          (sameForAnyone
            ? ` The probe sends no cookies or tokens, and production answers every origin the same (${fromProduction.status}): if the socket needs authentication, this is expected.`
            : ` Production accepts other origins, so it refuses ${productionOrigin} in particular.`) +
          ` Fix: accept Origin ${productionOrigin} on the upgrade (ws: verifyClient; Socket.IO: cors.origin; Spring: setAllowedOrigins).`,
      },
    ];
  }
  if (fromUnrelated.accepted) {
    const severity = upgradeCarriedCookies ? 'high' : 'low';
    return [
      {
        id: `ws-any-origin:${judgement.prefix}:${judgement.pathPattern}`,
        ...(severity === 'low' ? { level: 'info' as const } : {}),
        message:
          `${severity === 'high' ? 'Security (high): ' : ''}production accepts ${where} (${judgement.url}) from any site: the upgrade with Origin ${unrelatedOrigin} got 101.` +
          (upgradeCarriedCookies
            ? " The app's socket carries cookies, so any page a user visits can open it as that user (cross-site WebSocket hijacking)."
            : ' Harmless while the socket needs no cookies; a cookie-authenticated socket would be open to cross-site WebSocket hijacking.') +
          ` Fix: accept only Origin ${productionOrigin} on the upgrade.`,
      },
    ];
  }
  return [];
}
