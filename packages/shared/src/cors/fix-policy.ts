/**
 * The CORS policy a backend must apply for one request shape to pass: what `computeFix` derives from a
 * verdict and what each framework snippet renders.
 */
export interface FixPolicy {
  /** The exact page origin to allow, e.g. `https://app.example.com` (never `*`: reflection with Vary is safer). */
  readonly origin: string;
  /** Send `Access-Control-Allow-Credentials: true` (cookies or Authorization in the request). */
  readonly credentials: boolean;
  /** Non-safelisted methods to allow, exactly as the page sends them (e.g. `PUT`, `PATCH`); empty when none. */
  readonly methods: readonly string[];
  /** Non-safelisted request header names to allow, lower-cased; empty when none. */
  readonly allowedHeaders: readonly string[];
  /** Response headers the page must be able to read, when any. */
  readonly exposedHeaders: readonly string[];
  /** Whether a preflight happens, so the backend must answer OPTIONS (with 204) before auth middleware. */
  readonly preflight: boolean;
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
