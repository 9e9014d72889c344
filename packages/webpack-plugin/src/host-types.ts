import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerLike } from 'cors-dev-proxy/host';

/**
 * The parts of webpack, webpack-dev-server and Rspack this adapter touches, written structurally: one adapter
 * serves webpack-dev-server 5 and 6 and @rspack/dev-server 2, whose own types differ (Express 4, Express 5,
 * connect) and are not installed for every user. Only what is read here is declared.
 */

/** One entry of `setupMiddlewares`' list: a bare handler or a named one (wds names its own). */
export type Middleware =
  | ((req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void)
  | { name?: string; path?: string; middleware: (...args: never[]) => unknown };

/** The dev server as `setupMiddlewares(middlewares, devServer)` receives it. */
export interface DevServer {
  /** The normalised options (`allowedHosts`, `server`, `webSocketServer`, `proxy`). */
  readonly options: DevServerSettings;
  /** Created and not yet listening when setupMiddlewares runs (verified in wds 5, 6 and Rspack). */
  readonly server?: (ServerLike & { setSecureContext?: unknown }) | undefined;
  readonly compiler: Compiler | MultiCompiler;
}

export interface DevServerSettings {
  readonly allowedHosts?: string | readonly string[] | boolean;
  readonly server?: { readonly type?: unknown } | string;
  readonly webSocketServer?: false | string | { readonly options?: { readonly path?: unknown } };
  readonly proxy?: unknown;
}

export type SetupMiddlewares = (middlewares: Middleware[], devServer: DevServer) => Middleware[];

/** The devServer options object users write (`devServer: { … }` in webpack.config / rspack.config). */
export interface DevServerOptions {
  setupMiddlewares?: SetupMiddlewares | undefined;
  [key: string]: unknown;
}

export interface InfrastructureLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface Tap<Args extends unknown[]> {
  tap(name: string, fn: (...args: Args) => void): void;
}
interface TapPromise<Args extends unknown[]> {
  tapPromise(options: string | { name: string; stage?: number }, fn: (...args: Args) => Promise<void>): void;
}

export interface Compilation {
  readonly warnings: unknown[];
  readonly errors: unknown[];
  readonly hooks: { readonly processAssets: TapPromise<[unknown]> };
}

/** webpack's and Rspack's compiler: `compiler.webpack` (webpack) or `compiler.rspack` (Rspack) is the API. */
export interface Compiler {
  readonly context: string;
  readonly options: {
    mode?: string | undefined;
    devServer?: DevServerOptions | false | undefined;
    plugins: unknown[];
    target?: unknown;
  };
  readonly watchMode?: boolean;
  readonly platform?: { readonly web?: boolean | null };
  readonly webpack?: WebpackApi;
  readonly rspack?: WebpackApi;
  readonly hooks: {
    readonly afterPlugins: Tap<[Compiler]>;
    readonly thisCompilation: Tap<[Compilation]>;
    readonly done: Tap<[unknown]>;
  };
  getInfrastructureLogger(name: string): InfrastructureLogger;
}

export interface MultiCompiler {
  readonly compilers: readonly Compiler[];
}

export interface WebpackApi {
  readonly EntryPlugin: new (
    context: string,
    entry: string,
    options: { name: undefined },
  ) => { apply(compiler: Compiler): void };
  readonly WebpackError: new (message: string) => Error;
  readonly Compilation: { readonly PROCESS_ASSETS_STAGE_REPORT: number };
}

/** The API of a compiler, whichever bundler made it. */
export function bundlerApi(compiler: Compiler): WebpackApi {
  const api = compiler.webpack ?? compiler.rspack;
  if (!api)
    throw new Error('cors-dev-proxy: this compiler exposes neither compiler.webpack nor compiler.rspack');
  return api;
}

/** Every compiler behind a devServer: one, or each of a MultiCompiler's. */
export function compilersOf(compiler: Compiler | MultiCompiler): readonly Compiler[] {
  return 'compilers' in compiler ? compiler.compilers : [compiler];
}
