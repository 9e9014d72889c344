import type { Server } from 'node:http';
import type { CorsDevProxyOptions } from 'cors-dev-proxy';

/**
 * What a host is held to, written once: a harness starts one host (a dev server with the adapter installed)
 * the way its users do, and `runHostSuite(harness, tier)` runs every contract against it. Adding a host means
 * writing a harness (harnesses/*.ts), not copying tests.
 */
export interface HostHarness {
  /** How reports and skip lines name it, e.g. `vite8 dev`. */
  readonly name: string;
  /** Where the host's users allow another host name, as our Host refusals name it (the fix in the message). */
  readonly allowedHostsSetting: string;
  /** What this host cannot do at all; a contract group that needs it is skipped, and the skip is printed. */
  readonly capabilities: HostCapabilities;
  /**
   * How long the host may still hold the project's files after `close()` resolved (its own teardown finishing in
   * the background); the kit removes the project only then. Default 0: removed at once.
   */
  readonly projectLingerMs?: number;
  /**
   * Adapts the kit's fixture project (createFixtureProject: index.html, main.js importing style.css, style.css)
   * to the host, e.g. a config file it needs, or a page without bundler-only imports. The page at `/` must set
   * `#app` to "fixture ready" once its script ran, and apply style.css.
   */
  prepareProject?(root: string): Promise<void>;
  /**
   * Starts the host with the adapter on 127.0.0.1. `options` undefined: the adapter reads the shared config
   * file (cors-dev-proxy.config.*) at `setup.root`, as it does for users who pass no inline options.
   */
  start(options: CorsDevProxyOptions | undefined, setup: HostSetup): Promise<RunningHost>;
  /** The host's production build with the adapter, which prints (and may fail on) the production audit. */
  build?(options: CorsDevProxyOptions | undefined, setup: BuildSetup): Promise<BuildResult>;
}

export interface HostCapabilities {
  /**
   * The host has an HMR socket of its own next to the proxied ones (`openHmrSocket`) and applies an edit of
   * the fixture's style.css to the open page without a reload.
   */
  readonly hmr: boolean;
  /**
   * How the adapter talks to the page: our warnings to its console and the page's reports of its own
   * fetch/XHR calls back (for the audit's credentials). `none`: terminal only.
   */
  readonly browserChannel: 'hmr' | 'event-stream' | 'none';
  /** The host has a production build step (`build`). */
  readonly build: boolean;
  /**
   * The adapter sees requests before the host's own middleware (its host check, its CORS): refusals of
   * proxied and own-endpoint requests are then the core's own answers, with our headers and texts.
   */
  readonly takesRequestsFirst: boolean;
}

export interface BuildSetup {
  /** The project root (fixture, config file and recorded shapes included). */
  readonly root: string;
  /** Receives every line the host's logger prints. */
  readonly log: (line: string) => void;
}

export interface HostSetup extends BuildSetup {
  /** 0 for any free port; a fixed port must be used as given (strictly), or `start` fails. */
  readonly port: number;
  /** Host names to accept besides the default (localhost, *.localhost, IP literals); ".x.test" = a domain and its subdomains. */
  readonly allowedHosts: readonly string[];
  /** Whether the host may watch files; off where a contract counts file descriptors. */
  readonly watchFiles: boolean;
}

export interface RunningHost {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The Node HTTP server the host listens on: connection counts and listener checks in the fault contracts. */
  readonly server: Server;
  /**
   * With `capabilities.hmr`: opens the host's own HMR socket as its client does and resolves with the first
   * message, once the harness checked it is the host's greeting (Vite: `{"type":"connected"}`); rejects otherwise.
   */
  openHmrSocket?(): Promise<string>;
  /** Stops the host; resolves when its server is closed. */
  close(): Promise<void>;
}

export interface BuildResult {
  readonly failed: boolean;
  /** The build's error message when it failed. */
  readonly error?: string;
}
