import type { FrameworkName } from '../cors/fix-policy.js';

/**
 * The production CORS policy as the `cors` npm package declares it (the de-facto shape; Express, Nest and
 * many others use it or mirror it).
 */
export interface CorsAllowlist {
  /**
   * Which origins get CORS headers: a string (one origin or `*`), a RegExp, an array of them, `true` (reflect
   * any origin), `false` (none), or a function `(origin) => boolean`.
   * @example origin: ['https://app.example.com', /\.example\.com$/]
   */
  origin?: boolean | string | RegExp | Array<string | RegExp> | ((origin: string | undefined) => boolean);
  /** @default 'GET,HEAD,PUT,PATCH,POST,DELETE' */
  methods?: string | string[];
  /** @default the request's Access-Control-Request-Headers, reflected */
  allowedHeaders?: string | string[];
  exposedHeaders?: string | string[];
  /** @default false */
  credentials?: boolean;
  maxAge?: number;
  /** @default 204 */
  optionsSuccessStatus?: number;
}

export interface ProductionOptions {
  /**
   * Where the app is served in production.
   * @example origin: 'https://app.example.com'
   */
  origin: string;
  /**
   * Where each route goes in production, when not its dev target; `false` for a route that does not exist in
   * production (a mock, a dev-only service): nothing under it is audited, probed or replayed.
   * @default each route's `target`
   * @example targets: { '/api': 'https://api.example.com', '/mock': false }
   */
  targets?: Record<string, string | false>;
  /** The production policy, declared. */
  allowlist?: CorsAllowlist;
  /**
   * Ask the live production API (preflights, and GET/HEAD requests; never a method that changes data).
   * @default true when there is no allowlist
   */
  probe?: boolean;
  /**
   * How the production app calls the API. `auto`: as the page's own `fetch`/XHR call says (the page script
   * reports each call's credentials mode in `vite dev`); for calls the page script did not see, credentials
   * are assumed when the request carried cookies. `include` / `omit` decide for every call.
   * @default 'auto'
   */
  credentials?: 'auto' | 'include' | 'omit';
  /**
   * The backend framework, so warnings include a ready-to-paste fix.
   * @example framework: 'express'
   */
  framework?: FrameworkName;
}

export interface ResolvedProduction {
  readonly origin: string;
  /** Production target per route prefix (defaults applied; `ws:`/`wss:` given as `http:`/`https:`). */
  readonly targets: ReadonlyMap<string, URL>;
  /** Prefixes of routes that do not exist in production (`targets: { '/mock': false }`): never audited. */
  readonly devOnlyRoutes: ReadonlySet<string>;
  /**
   * Prefixes of WebSocket routes: a `ws://`/`wss://` dev or production target. CORS does not apply to them;
   * their upgrades are judged by the Origin production accepts.
   */
  readonly websocketRoutes: ReadonlySet<string>;
  readonly allowlist: CorsAllowlist | undefined;
  readonly probe: boolean;
  readonly credentials: 'auto' | 'include' | 'omit';
  readonly framework: FrameworkName | undefined;
}

export type AuditMode = 'warn' | 'enforce' | 'off';
