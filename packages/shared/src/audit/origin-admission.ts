import { checkAccess } from '../cors/check-access.js';
import { evaluateCors } from '../cors/evaluate.js';
import { combinedValue } from '../cors/header-lines.js';
import type { ObservedResponse } from '../cors/types.js';
import type { OriginRole } from './crafted-origins.js';

/**
 * Answers one crafted origin: the preflight ({@link scanPreflight}) or the actual GET. A declared allowlist
 * answers through `allowlistResponder()` (allowlist-responder.ts); `cors-dev-proxy scan` asks the live server
 * (origin-probe.ts).
 */
export type OriginResponder = (origin: string, kind: 'preflight' | 'actual') => Promise<ObservedResponse>;

/** The preflight sent for every origin: a write with a JSON body, the request CSRF defences rely on CORS for. */
export const scanPreflight = { method: 'PUT', accessControlRequestHeaders: 'content-type' } as const;
/** The actual request: GET only, so probing a production server never changes its data. */
export const scanActualMethod = 'GET';

/** How one response treats an origin, per credentials mode (judged as Chromium's CORS check does). */
export interface Admission {
  readonly status: number;
  readonly anonymous: boolean;
  readonly credentialed: boolean;
  /** `Access-Control-Allow-Origin: *` rather than the origin itself. */
  readonly wildcard: boolean;
}

export interface OriginProbe {
  readonly origin: string;
  readonly role: OriginRole;
  /** `letsPutThrough`: whether Chromium would then send the PUT, without and with credentials. */
  readonly preflight: Admission & {
    readonly letsPutThrough: { readonly anonymous: boolean; readonly credentialed: boolean };
  };
  readonly actual: Admission & {
    readonly allowOrigin: string | undefined;
    readonly allowCredentials: boolean;
    readonly vary: string | undefined;
  };
  /** The origin itself came back in `Access-Control-Allow-Origin` (not `*`). */
  readonly echoed: boolean;
  readonly withCredentials: boolean;
}

function admission(response: ObservedResponse, origin: string): Admission {
  return {
    status: response.status,
    anonymous: checkAccess(response.headers, origin, false) === undefined,
    credentialed: checkAccess(response.headers, origin, true) === undefined,
    wildcard: combinedValue(response.headers, 'access-control-allow-origin') === '*',
  };
}

/** Whether Chromium would send the PUT after this preflight (status, methods and headers included). */
function preflightLetsPutThrough(response: ObservedResponse, origin: string, credentials: boolean): boolean {
  const url = 'https://api.cors-dev-proxy-probe.invalid/';
  const { verdict } = evaluateCors({
    pageOrigin: origin,
    request: {
      url,
      method: scanPreflight.method,
      headers: [['Content-Type', 'application/json']],
      credentials: credentials ? 'include' : 'omit',
      initiator: 'fetch',
    },
    hops: [{ url, preflight: response }],
  });
  return verdict.allowed !== false;
}

/** Sends one origin the preflight and the GET, and records how each answer treats it. */
export async function probeOrigin(
  responder: OriginResponder,
  origin: string,
  role: OriginRole,
): Promise<OriginProbe> {
  const preflightResponse = await responder(origin, 'preflight');
  const actualResponse = await responder(origin, 'actual');
  const preflight = admission(preflightResponse, origin);
  const actual = admission(actualResponse, origin);
  const withCredentials = preflight.credentialed || actual.credentialed;
  return {
    origin,
    role,
    preflight: {
      ...preflight,
      letsPutThrough: {
        anonymous: preflight.anonymous && preflightLetsPutThrough(preflightResponse, origin, false),
        credentialed: preflight.credentialed && preflightLetsPutThrough(preflightResponse, origin, true),
      },
    },
    actual: {
      ...actual,
      allowOrigin: combinedValue(actualResponse.headers, 'access-control-allow-origin'),
      allowCredentials: combinedValue(actualResponse.headers, 'access-control-allow-credentials') === 'true',
      vary: combinedValue(actualResponse.headers, 'vary'),
    },
    echoed: (preflight.anonymous && !preflight.wildcard) || (actual.anonymous && !actual.wildcard),
    withCredentials,
  };
}
