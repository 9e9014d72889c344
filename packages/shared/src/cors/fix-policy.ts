/**
 * An origin a policy allows: one exact serialized origin, `*` (any origin, only ever kept from a server that
 * already sent it, never with credentials), or a RegExp kept from a declared allowlist.
 */
export type AllowedOrigin = string | RegExp;

/**
 * What the server already allows, as far as it is known: read from the responses it sent
 * (`server-policy.ts`) or from the declared allowlist (`audit/declared-server-policy.ts`). An absent list is
 * unknown, and the fix then names only what the request needs.
 */
export interface ServerPolicy {
  /** Where it was read, for the fix's wording: e.g. `the preflight response`, `production.allowlist`. */
  readonly source: string;
  /** Exact origins, RegExps, or `*`, in the server's order. */
  readonly origins?: readonly AllowedOrigin[];
  /**
   * The origins were seen in answers, not declared: a server echoing the request's origin from a longer
   * allowlist shows one origin per answer, so it may allow more than these.
   */
  readonly originsSeen?: boolean;
  /**
   * An origin rule no list describes: `reflect` allows every origin by echoing it (the `cors` package's
   * `origin: true`), `function` is the allowlist's own function.
   */
  readonly originRule?: 'reflect' | 'function';
  /** Methods as listed (case kept: Chromium matches them case-sensitively); may hold `*`. */
  readonly methods?: readonly string[];
  /** Request header names as listed; may hold `*`. */
  readonly allowedHeaders?: readonly string[];
  /** Every header the page asks for is echoed back (the `cors` package's default): any header, even with credentials. */
  readonly reflectsRequestHeaders?: boolean;
  readonly exposedHeaders?: readonly string[];
  /** `Access-Control-Allow-Credentials: true` was sent (or `credentials: true` declared). */
  readonly credentials?: boolean;
}

/**
 * The CORS policy a backend must apply for one request shape to pass: what `computeFix` derives from a
 * verdict and what each framework snippet renders. When the server's own policy is known (`server`), the
 * lists are that policy plus what the request needs, so pasting the snippet never takes anything away.
 */
export interface FixPolicy {
  /**
   * The origins to allow: the page's origin, after those the server already allowed. `['*']` only when the
   * server already allowed any origin and credentials are not used; never `*` beside other origins.
   */
  readonly origins: readonly AllowedOrigin[];
  /** Send `Access-Control-Allow-Credentials: true` (cookies or Authorization in the request, or the server already did). */
  readonly credentials: boolean;
  /**
   * Methods to list, exactly as the page sends them (e.g. `PUT`, `PATCH`): with the server's list unknown, only
   * the non-safelisted method the request uses (empty when none); else the server's list plus it. May hold
   * `*` kept from the server when credentials are not used.
   */
  readonly methods: readonly string[];
  /**
   * Request header names to allow: with the server's list unknown, the non-safelisted ones the request sends,
   * lower-cased; else the server's list plus those. `*` means any header the page asks for (kept from a server
   * that allowed any): renderers echo the request's headers where `*` alone would not cover credentials.
   */
  readonly allowedHeaders: readonly string[];
  /** Response headers the page must be able to read, when any. */
  readonly exposedHeaders: readonly string[];
  /** Whether a preflight happens, so the backend must answer OPTIONS (with 204) before auth middleware. */
  readonly preflight: boolean;
  /** What the server already allowed, when known: renderers then write the lists as they are, not topped up with library defaults. */
  readonly server?: ServerPolicy;
}

export const frameworkNames = [
  'express',
  'fastify',
  'nestjs',
  'koa',
  'hono',
  'nextjs',
  'django',
  'flask',
  'fastapi',
  'spring',
  'aspnetcore',
  'go',
  'nginx',
] as const;

export type FrameworkName = (typeof frameworkNames)[number];
