/**
 * Types of the CORS engine: a pure model of what Chromium decides for one cross-origin request, given the
 * responses the servers sent. No I/O here; `live-check.ts` gathers the responses, `evaluate.ts` judges them.
 */

import type { HeaderLine, ObservedResponse } from '../outbound/wire-types.js';

// The wire's own shapes live with the code that reads and writes them; the engine judges them.
export type { HeaderLine, ObservedResponse };

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** Who started the request: decides the message's "Access to {kind}" word and the version-specific suffix. */
export type Initiator = 'fetch' | 'xhr';

/** The request as the page's code writes it. */
export interface CorsRequest {
  /** Absolute URL of the first request. */
  readonly url: string;
  /** Method exactly as written in the code (`patch` stays lower-case; see normalizeMethod). */
  readonly method: string;
  /**
   * Request headers the code sets, names as written: Chromium sends a plain object's or an array's names as they
   * are, a `Headers` object's lower-cased (they come from its iteration), XHR's as given to `setRequestHeader`.
   * Repeats are combined as the `Headers` object does.
   */
  readonly headers: readonly HeaderLine[];
  /** `fetch()` default is `same-origin`; XHR `withCredentials = true` is `include`. */
  readonly credentials: CredentialsMode;
  readonly initiator: Initiator;
}

/**
 * What happened at one URL of the request's redirect chain. The first hop is the request URL; each following
 * hop is where the previous hop's response redirected to.
 */
export interface CorsHop {
  readonly url: string;
  /** The preflight's response at this URL, when a preflight was sent. */
  readonly preflight?: ObservedResponse;
  /** The actual request's response at this URL, when it was sent. */
  readonly response?: ObservedResponse;
}

/** Chromium's DevTools `Network.CorsError` names (the ones a server's answer can cause). */
export type CorsErrorName =
  | 'DisallowedByMode'
  | 'InvalidResponse'
  | 'WildcardOriginNotAllowed'
  | 'PreflightWildcardOriginNotAllowed'
  | 'MissingAllowOriginHeader'
  | 'PreflightMissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'PreflightMultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'PreflightInvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'PreflightAllowOriginMismatch'
  | 'InvalidAllowCredentials'
  | 'PreflightInvalidAllowCredentials'
  | 'CorsDisabledScheme'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'RedirectContainsCredentials';

/** One reason the request fails (or would fail in another browser), whether or not Chromium reports it first. */
export interface CorsProblem {
  readonly corsError: CorsErrorName;
  readonly failedParameter: string;
  /** Which response it is about. */
  readonly stage: 'preflight' | 'response' | 'redirect';
  readonly url: string;
  readonly detail: string;
}

/** Where Chromium departs from the Fetch standard, so the verdict may differ in Firefox or Safari. */
export interface PortabilityNote {
  readonly id: 'authorization-wildcard' | 'chromium-safelisted-header' | 'user-agent-forbidden';
  readonly message: string;
}

export interface CorsVerdict {
  /** true: Chromium lets the page read the response; false: blocked; null: undecided (a response was not observed). */
  readonly allowed: boolean | null;
  readonly preflight: boolean;
  /** Why a preflight is needed: the non-safelisted method and/or header names (lower-cased). */
  readonly preflightReasons: { readonly method?: string; readonly headers: readonly string[] };
  /** The single error Chromium reports (DevTools `corsErrorStatus.corsError`). */
  readonly corsError: CorsErrorName | null;
  /** DevTools `corsErrorStatus.failedParameter`. */
  readonly failedParameter: string | null;
  /** The console line Chromium prints, verbatim. */
  readonly message: string | null;
  /** Every problem found, the reported one first. */
  readonly problems: readonly CorsProblem[];
  readonly notes: readonly PortabilityNote[];
  /** What could not be judged (e.g. the actual request was not sent). */
  readonly undecided?: string;
  /**
   * Set when several headers fail the preflight and the header set is not in the calibrated table: Chromium
   * names one of these (by its hash order), `failedParameter` is the best guess.
   */
  readonly failedParameterCandidates?: readonly string[];
  /** The origin the final hop saw: the page origin, or "null" after a cross-origin redirect. */
  readonly finalRequestOrigin: string;
}
