import { checkAccess } from './check-access.js';
import { combinedValue } from './header-lines.js';
import { canonicalUrl, formatCorsMessage } from './messages.js';
import { originOf } from './origin.js';
import { evaluatePreflight, isRedirect } from './preflight-rules.js';
import {
  accessControlRequestHeaders,
  analyzeRequestHeaders,
  isSafelistedMethod,
  normalizeMethod,
  withDefaultAccept,
} from './request-rules.js';
import type { CorsHop, CorsProblem, CorsRequest, CorsVerdict, HeaderLine, PortabilityNote } from './types.js';

export interface EvaluateInput {
  /** The page's origin, e.g. `https://app.example.com`. */
  readonly pageOrigin: string;
  readonly request: CorsRequest;
  /** What was observed at each URL of the chain, in order; the first hop is `request.url`. */
  readonly hops: readonly CorsHop[];
}

/** The next request the browser would send, when the hops given so far do not decide the verdict yet. */
export interface PendingRequest {
  readonly kind: 'preflight' | 'actual';
  readonly hopIndex: number;
  readonly url: string;
  /**
   * As the browser puts it on the request line: Fetch upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT
   * (`delete` → `DELETE`); any other method keeps the page's case (`patch`, `Patch`), and so does the preflight's
   * Access-Control-Request-Method.
   */
  readonly method: string;
  /**
   * The headers the browser would send, names and values as Chromium writes them (Origin included; no cookies:
   * the checker has none). Not here: what the network stack adds (Host, Connection, Content-Length:
   * wire-format.ts) and what the checker leaves out (User-Agent, client hints, Referer, Accept-Encoding,
   * Accept-Language, and fetch metadata beyond the preflight's Sec-Fetch-Mode).
   */
  readonly headers: readonly HeaderLine[];
}

export interface Evaluation {
  readonly verdict: CorsVerdict;
  readonly next?: PendingRequest;
}

/** Per-hop request state: what changes as redirects are followed. */
interface HopRequest {
  method: string;
  headers: readonly HeaderLine[];
  requestOrigin: string;
  corsFlag: boolean;
}

/**
 * Decides, as Chromium 156 does, whether the page may read the response of a cross-origin request, given what
 * each URL of the chain answered. Pure. When a response needed for the decision is missing, the verdict is
 * undecided and `next` says which request the browser would send next (the live check sends it and calls
 * again).
 */
export function evaluateCors(input: EvaluateInput): Evaluation {
  const pageOrigin = input.pageOrigin;
  const includeCredentials = input.request.credentials === 'include';
  const initial = analyzeRequestHeaders(withDefaultAccept(input.request.headers));
  const requestHeaderNames = input.request.headers.map(([name]) => name.toLowerCase());
  const notes: PortabilityNote[] = [...initial.notes];
  const firstMethod = normalizeMethod(input.request.method);
  const needsPreflight = (method: string, unsafe: readonly string[]) =>
    !isSafelistedMethod(method) || unsafe.length > 0;
  const base = {
    preflight: needsPreflight(firstMethod, initial.unsafeNames),
    preflightReasons: {
      ...(isSafelistedMethod(firstMethod) ? {} : { method: firstMethod }),
      headers: [...initial.unsafeNames].sort(),
    },
  };

  const state: HopRequest = {
    method: firstMethod,
    headers: initial.sent,
    requestOrigin: pageOrigin,
    corsFlag: false,
  };
  let url = input.request.url;
  const finish = (
    allowed: boolean | null,
    problems: readonly CorsProblem[],
    extra: { undecided?: string; hopIndex?: number; blameCertain?: boolean } = {},
  ): CorsVerdict => {
    const reported = allowed === false ? problems[0] : undefined;
    const hopIndex = extra.hopIndex ?? 0;
    return {
      allowed,
      ...base,
      corsError: reported?.corsError ?? null,
      failedParameter: reported?.failedParameter ?? null,
      message: reported
        ? formatCorsMessage({
            corsError: reported.corsError,
            failedParameter: reported.failedParameter,
            initiator: input.request.initiator,
            url: reported.url,
            ...(hopIndex > 0 ? { redirectedFrom: input.request.url } : {}),
            pageOrigin,
          })
        : null,
      problems,
      notes: dedupeNotes(notes),
      ...(extra.undecided ? { undecided: extra.undecided } : {}),
      ...(extra.blameCertain === false && reported?.corsError === 'HeaderDisallowedByPreflightResponse'
        ? {
            failedParameterCandidates: problems
              .filter((problem) => problem.corsError === 'HeaderDisallowedByPreflightResponse')
              .map((problem) => problem.failedParameter),
          }
        : {}),
      finalRequestOrigin: state.requestOrigin,
    };
  };

  for (let hopIndex = 0; ; hopIndex++) {
    const hop = input.hops[hopIndex];
    state.corsFlag ||= originOf(url) !== pageOrigin;
    const { unsafeNames, notes: hopNotes } = analyzeRequestHeaders(state.headers);
    notes.push(...hopNotes);
    const preflightNeeded = state.corsFlag && needsPreflight(state.method, unsafeNames);

    if (preflightNeeded && !hop?.preflight) {
      return {
        verdict: finish(null, [], {
          undecided: `the preflight to ${canonicalUrl(url)} was not observed`,
          hopIndex,
        }),
        next: {
          kind: 'preflight',
          hopIndex,
          url,
          method: 'OPTIONS',
          headers: [
            ['Accept', '*/*'],
            ['Access-Control-Request-Method', state.method],
            ...(unsafeNames.length > 0
              ? [['Access-Control-Request-Headers', accessControlRequestHeaders(unsafeNames)] as const]
              : []),
            ['Origin', state.requestOrigin],
            ['Sec-Fetch-Mode', 'cors'],
          ],
        },
      };
    }
    if (preflightNeeded && hop?.preflight) {
      const result = evaluatePreflight(hop.preflight, {
        url,
        requestOrigin: state.requestOrigin,
        includeCredentials,
        method: state.method,
        unsafeNames,
        requestHeaderNames,
      });
      notes.push(...result.notes);
      if (result.problems.length > 0) {
        return { verdict: finish(false, result.problems, { hopIndex, blameCertain: result.blameCertain }) };
      }
    }

    if (!hop?.response) {
      return {
        verdict: finish(null, [], {
          undecided: `the actual ${state.method} request to ${canonicalUrl(url)} was not sent`,
          hopIndex,
        }),
        next: {
          kind: 'actual',
          hopIndex,
          url,
          method: state.method,
          headers: [
            ...state.headers,
            // Fetch sends Origin on every CORS request, and on same-origin ones except GET and HEAD.
            ...(state.corsFlag || !['GET', 'HEAD'].includes(state.method)
              ? [['Origin', state.requestOrigin] as const]
              : []),
          ],
        },
      };
    }

    const response = hop.response;
    if (isRedirect(response)) {
      const location = combinedValue(response.headers, 'location') ?? '';
      const nextUrl = new URL(location, url);
      if (state.corsFlag) {
        if (nextUrl.username || nextUrl.password) {
          // Chromium never fills in the location here: the console shows ''.
          return {
            verdict: finish(
              false,
              [
                {
                  corsError: 'RedirectContainsCredentials',
                  failedParameter: '',
                  stage: 'redirect',
                  url,
                  detail: `redirect to a URL with credentials`,
                },
              ],
              { hopIndex },
            ),
          };
        }
        const access = checkAccess(response.headers, state.requestOrigin, includeCredentials);
        if (access) {
          return {
            verdict: finish(
              false,
              [
                {
                  ...access,
                  stage: 'redirect',
                  url,
                  detail: `the ${response.status} redirect itself must pass the CORS check`,
                },
              ],
              { hopIndex },
            ),
          };
        }
      }
      followRedirect(state, response.status, url, nextUrl.href, pageOrigin);
      url = nextUrl.href;
      continue;
    }

    if (state.corsFlag) {
      const access = checkAccess(response.headers, state.requestOrigin, includeCredentials);
      if (access) {
        return {
          verdict: finish(
            false,
            [
              {
                ...access,
                stage: 'response',
                url,
                detail: `the response (${response.status}) fails the CORS check`,
              },
            ],
            { hopIndex },
          ),
        };
      }
    }
    return { verdict: finish(true, [], { hopIndex }) };
  }
}

const clientHintHeaders = new Set([
  'dpr',
  'viewport-width',
  'width',
  'device-memory',
  'rtt',
  'downlink',
  'ect',
]);

/**
 * What following a redirect changes (Fetch "HTTP-redirect fetch"): 303 turns anything but GET/HEAD into GET and 301/302
 * turn POST into GET, dropping the body headers; Chromium drops client hints; a cross-origin hop drops
 * Authorization; and once the chain has
 * left the page's origin and moves on again, the Origin becomes "null" (tainted) for good.
 */
function followRedirect(
  state: HopRequest,
  status: number,
  fromUrl: string,
  toUrl: string,
  pageOrigin: string,
): void {
  const fromOrigin = originOf(fromUrl);
  const toOrigin = originOf(toUrl);
  // Measured in Chromium 156: every redirect, same-origin too, drops the client-hint headers a page set (DPR,
  // Viewport-Width, Width, Device-Memory, RTT, Downlink, ECT; Save-Data stays): Chromium's client-hint
  // machinery removes them and re-adds only the hints it sends itself.
  state.headers = state.headers.filter(([name]) => !clientHintHeaders.has(name.toLowerCase()));
  if (
    (status === 303 && !['GET', 'HEAD'].includes(state.method)) ||
    ((status === 301 || status === 302) && state.method === 'POST')
  ) {
    state.method = 'GET';
    const bodyHeaders = ['content-type', 'content-language', 'content-location', 'content-encoding'];
    state.headers = state.headers.filter(([name]) => !bodyHeaders.includes(name.toLowerCase()));
  }
  if (fromOrigin !== toOrigin) {
    state.headers = state.headers.filter(([name]) => name.toLowerCase() !== 'authorization');
    if (fromOrigin !== pageOrigin) state.requestOrigin = 'null';
  }
}

function dedupeNotes(notes: readonly PortabilityNote[]): PortabilityNote[] {
  const seen = new Map<string, PortabilityNote>();
  for (const note of notes) if (!seen.has(note.message)) seen.set(note.message, note);
  return [...seen.values()];
}
