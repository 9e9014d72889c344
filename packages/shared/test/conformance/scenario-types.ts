import type { CredentialsMode, HeaderLine, Initiator } from '../../src/cors/types.js';

/** `{origin}` in a header value is replaced by the page origin when served. */
export interface ScenarioResponse {
  readonly status: number;
  readonly headers: readonly HeaderLine[];
  /** For redirects: the index of the hop the Location points at. */
  readonly redirectTo?: number;
  /** Put `user:secret@` into that Location (a redirect Chromium refuses). */
  readonly redirectWithCredentials?: boolean;
}

export interface ScenarioHop {
  /** `a` and `b` are two API servers on different ports, so a redirect between them is cross-origin. */
  readonly server: 'a' | 'b';
  readonly preflight?: ScenarioResponse;
  readonly actual: ScenarioResponse;
}

export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly method: string;
  readonly headers: readonly HeaderLine[];
  readonly credentials: CredentialsMode;
  readonly initiator: Initiator;
  readonly hops: readonly ScenarioHop[];
}
