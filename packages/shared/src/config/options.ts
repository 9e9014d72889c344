import type {
  AuditMode,
  CorsAllowlist,
  ProductionOptions,
  ResolvedProduction,
} from './production-options.js';

export type { AuditMode, CorsAllowlist, ProductionOptions };

/** One proxied prefix. Every field is optional except `target`. */
export interface RouteOptions {
  /**
   * Where requests under this prefix go: an absolute `http:`/`https:` URL (`ws:`/`wss:` are accepted as aliases).
   * A path on the target is prepended to the request path.
   * @example 'https://api.example.com'
   */
  target: string;
  /**
   * How the request path is changed before it is sent upstream. A string replaces the matched prefix
   * (`''` strips it); a function receives the full path with query and returns the new one.
   * @default undefined (the path is sent unchanged, prefix included, as Vite's `server.proxy` does)
   * @example rewrite: ''                      // /api/users → /users
   * @example rewrite: (path) => path.replace(/^\/api/, '/v2')
   */
  rewrite?: string | ((path: string) => string);
  /**
   * Extra request headers sent upstream (they replace a header of the same name).
   * @default {}
   * @example headers: { 'x-api-key': process.env.API_KEY }
   */
  headers?: Record<string, string>;
  /**
   * Proxy WebSocket upgrades under this prefix.
   * @default false
   * @example ws: true
   */
  ws?: boolean;
  /**
   * Verify the upstream's TLS certificate. Turn off only for a self-signed development backend; prefer `ca`.
   * @default true
   * @example secure: false
   */
  secure?: boolean;
  /**
   * Extra certificate authorities (PEM) trusted for this upstream, e.g. a corporate or mkcert root.
   * @default undefined (Node's bundled CAs plus NODE_EXTRA_CA_CERTS)
   * @example ca: fs.readFileSync('certs/root.pem', 'utf8')
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * How long the upstream may take to start answering (status line and headers) before the client gets a 504.
   * Streams that have started (SSE, downloads) are never cut by it.
   * @default 30000
   * @example timeoutMs: 120_000
   */
  timeoutMs?: number;
  /**
   * How long to keep retrying a refused connection (a backend still starting) before answering 502. One line
   * is logged while waiting, not one error per request; requests that arrive meanwhile wait in the same
   * window. Capped at 80% of `timeoutMs`.
   *
   * Once a whole window has passed with every attempt refused, the backend is taken as stopped: later requests
   * try one connection and, still refused, get their 502 at once ("not waiting again"), until a connection
   * succeeds. After that, a backend that goes down again gets the whole window again.
   * @default 5000
   * @example retryConnectMs: 0   // fail at once
   */
  retryConnectMs?: number;
  /**
   * Rewrite `Host`, `Origin` and `Referer` to the target, so backends that check them (virtual hosts, CSRF and
   * CORS checks) see the request as their own.
   * @default true
   * @example changeOrigin: false
   */
  changeOrigin?: boolean;
}

/** The options object users write, in every host. */
export interface CorsDevProxyOptions {
  /**
   * Path prefixes to proxy, each to a target URL (shorthand) or a {@link RouteOptions} object.
   * A prefix matches on a path-segment boundary: `/api` matches `/api`, `/api/x` and `/api?q`, never `/apix`.
   * When prefixes nest, the longest match wins.
   * @default {}
   * @example routes: { '/api': 'https://api.example.com', '/auth': { target: 'https://id.example.com', rewrite: '' } }
   */
  routes?: Record<string, string | RouteOptions>;
  /**
   * Print one line per proxied request (method, path → target, status, duration).
   * @default true
   * @example accessLog: false
   */
  accessLog?: boolean;
  /**
   * How the app is served and called in production. With it, every kind of request the app makes through the
   * proxy is judged as the production browser would judge it, and you are warned before you ship.
   * @default undefined (no production audit)
   * @example production: { origin: 'https://app.example.com', targets: { '/api': 'https://api.example.com' } }
   */
  production?: ProductionOptions;
  /**
   * `warn`: report requests production would block; `enforce`: also fail them locally as the browser would;
   * `off`: no audit.
   * @default 'warn'
   * @example mode: 'enforce'
   */
  mode?: AuditMode;
  /**
   * Fail `vite build` (and other hosts' builds) when a request shape seen in development would be blocked in
   * production.
   * @default false
   * @example failOnProductionCors: true
   */
  failOnProductionCors?: boolean;
  /**
   * Serve the dashboard at `/__cors-dev-proxy/` on the dev server: every proxied request with its rewrites
   * and timings, each route's state, the production verdicts with their fixes, and a live CORS check. Only the
   * dev server's own pages can read it (the Host rule, no cross-site requests).
   * @default true
   * @example dashboard: false
   */
  dashboard?: boolean;
}

/** A route after validation: every default applied, the target parsed. */
export interface ResolvedRoute {
  readonly prefix: string;
  readonly target: URL;
  /** The path on the target that the prefix itself maps to; used to map upstream paths back to local ones. */
  readonly upstreamBase: string;
  /** Turns a local path (with query) into the path sent to the target, target path included. */
  readonly toUpstreamPath: (localPath: string) => string;
  readonly headers: Readonly<Record<string, string>>;
  readonly ws: boolean;
  /**
   * The target was written as a `ws://` / `wss://` URL: the route is for WebSockets, which browsers do not
   * subject to CORS, so the audit's CORS replay leaves it out (upgrades are judged by the Origin production
   * accepts instead).
   */
  readonly websocketOnly: boolean;
  readonly secure: boolean;
  readonly ca: string | Buffer | Array<string | Buffer> | undefined;
  readonly timeoutMs: number;
  readonly retryConnectMs: number;
  readonly changeOrigin: boolean;
}

export interface ResolvedOptions {
  /** Sorted longest prefix first, so the first match is the most specific one. */
  readonly routes: readonly ResolvedRoute[];
  readonly accessLog: boolean;
  readonly production: ResolvedProduction | undefined;
  readonly mode: AuditMode;
  readonly failOnProductionCors: boolean;
  readonly dashboard: boolean;
}
