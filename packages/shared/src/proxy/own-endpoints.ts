import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditEndpointPath, serveAuditReport } from '../audit/audit-endpoint.js';
import type { ProductionAuditor } from '../audit/production-auditor.js';
import { clientScript } from '../browser/client-script.js';
import type { DirectCallTarget } from '../browser/direct-call-warner.js';
import {
  clientScriptPath,
  ownPathPrefix,
  ownPathStem,
  pageCallsPath,
  warningStreamPath,
} from '../browser/endpoint-paths.js';
import { serveWarningStream } from '../browser/event-stream.js';
import { receivePageCall } from '../browser/page-calls-endpoint.js';
import type { DashboardEndpoint } from '../dashboard/create-dashboard.js';
import type { ProxyLogger } from '../logger.js';
import type { WarningChannel } from '../warnings.js';
import { refuseHost } from './host-guard.js';
import { pathnameOf } from './match-route.js';

export function isOwnPath(pathname: string): boolean {
  return pathname.startsWith(ownPathPrefix) || pathname === ownPathStem;
}

/**
 * Why a request to one of our own endpoints must be refused, or undefined to serve it.
 *
 * They expose what the developer's app sent and where production lives, and some of them act (`?replay=` sends
 * probes), so only the app's own pages may use them:
 * - DNS rebinding: a page at evil.example whose name now resolves to 127.0.0.1 sends its own name in Host. The
 *   Host rule applies here even where the host's own check would run later, or is off for HTTPS.
 * - Cross-site reads and requests: Chromium marks a request from another site with `Sec-Fetch-Site` and a
 *   cross-origin fetch with `Origin`; neither may come from anything but this dev server's own origin. Tools
 *   (curl, scripts) send neither and are served.
 */
function refuseOwnEndpointRequest(
  req: IncomingMessage,
  isAllowedHost: (hostname: string) => boolean,
  allowedHostsSetting: string | undefined,
): string | undefined {
  const hostRefusal = refuseHost(req, isAllowedHost, allowedHostsSetting);
  if (hostRefusal) return hostRefusal;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `the request came from a page on another site (Sec-Fetch-Site: ${site}); only the app's own pages may use ${ownPathPrefix}`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== req.headers.host) {
    return `the page at ${origin} is not this dev server (${req.headers.host ?? ''}); only the app's own pages may use ${ownPathPrefix}`;
  }
  return undefined;
}

/**
 * Headers for every answer of our own endpoints: no other origin may read or embed them, whatever middleware
 * ran before ours (an app in middleware mode may have put a permissive `cors()` in front of the dev server).
 */
function lockDownOwnResponse(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('access-control-')) res.removeHeader(name);
  }
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-store');
}

/** A refused or unknown own-endpoint request: plain text, the reason and nothing of what the endpoint holds. */
function answerOwnEndpoint(
  res: ServerResponse,
  status: 403 | 404 | 405,
  text: string,
  allow: readonly string[] = [],
): void {
  lockDownOwnResponse(res);
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-cors-dev-proxy-error': status === 403 ? 'forbidden' : 'endpoint',
    ...(status === 405 ? { allow: allow.join(', ') } : {}),
  });
  res.end(`${status} (cors-dev-proxy): ${text}.\n`);
}

export interface OwnEndpointsContext {
  readonly auditor: ProductionAuditor | undefined;
  readonly warnings: WarningChannel;
  readonly logger: ProxyLogger;
  readonly isAllowedHost: (hostname: string) => boolean;
  /** Where the host's users allow another host name (CreateProxyContext). */
  readonly allowedHostsSetting: string | undefined;
  /** The routes' targets, for the client script's warning about calls past the proxy. */
  readonly directCallTargets: readonly DirectCallTarget[];
  /** The dashboard's page and its endpoints (none with `dashboard: false`: they answer 404 then). */
  readonly dashboardEndpoints?: ReadonlyMap<string, DashboardEndpoint> | undefined;
}

/** Endpoint → the methods it answers and its handler. */
type Endpoint = {
  readonly methods: readonly string[];
  serve(req: IncomingMessage, res: ServerResponse): void;
};

/**
 * Everything under /__cors-dev-proxy/, behind one guard: the audit (JSON), the warning stream and the client
 * script for hosts without a browser channel of their own, the page script's call reports, and the dashboard
 * (dashboard/create-dashboard.ts).
 */
export function createOwnEndpoints(
  context: OwnEndpointsContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { auditor, warnings, logger } = context;
  const script = clientScript({
    reportPageCalls: auditor !== undefined,
    directCallTargets: context.directCallTargets,
  });
  const endpoints = new Map<string, Endpoint>([
    [
      auditEndpointPath,
      {
        methods: ['GET', 'HEAD'],
        serve: (req, res) =>
          serveAuditReport(auditor, req, res).catch((error: unknown) => {
            logger.error(`the audit report failed: ${String(error)}`);
            if (!res.headersSent) res.writeHead(500);
            res.end();
          }),
      },
    ],
    [
      warningStreamPath,
      {
        methods: ['GET'],
        serve: (req, res) => {
          // The client script opens this stream before the app's code runs, wherever it came from (this
          // endpoint's client.js, or bundled by the webpack adapter): a page that reports its calls is here.
          auditor?.notePage();
          serveWarningStream(req, res, warnings);
        },
      },
    ],
    [
      clientScriptPath,
      {
        methods: ['GET', 'HEAD'],
        serve: (_req, res) => {
          // A page that runs the script reports its calls: new shapes wait briefly for those reports.
          auditor?.notePage();
          res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
          res.end(script);
        },
      },
    ],
    [pageCallsPath, { methods: ['POST'], serve: (req, res) => receivePageCall(req, res, auditor) }],
    ...(context.dashboardEndpoints ?? []),
  ]);
  const known = [...endpoints.keys()].join(', ');

  return function serveOwnEndpoint(req, res) {
    const refusal = refuseOwnEndpointRequest(req, context.isAllowedHost, context.allowedHostsSetting);
    const pathname = pathnameOf(req.url ?? '/');
    if (refusal) {
      warnings.report({
        id: `own-refused:${refusal}`,
        message: `Refused ${req.method ?? 'GET'} ${pathname}: ${refusal}.`,
      });
      answerOwnEndpoint(res, 403, refusal);
      return;
    }
    const endpoint = endpoints.get(pathname);
    if (!endpoint) {
      answerOwnEndpoint(res, 404, `${pathname} is not an endpoint of cors-dev-proxy (they are ${known})`);
      return;
    }
    if (!endpoint.methods.includes(req.method ?? 'GET')) {
      answerOwnEndpoint(
        res,
        405,
        `${pathname} answers ${endpoint.methods.join(', ')} only`,
        endpoint.methods,
      );
      return;
    }
    lockDownOwnResponse(res);
    endpoint.serve(req, res);
  };
}
