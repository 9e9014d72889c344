/**
 * What is already wired, shared by every copy of this package in the process: a webpack config may load the
 * CommonJS build (`require`) while a plugin or preset loads the ESM one, and both must wire once. Hence a
 * registry under `Symbol.for`, never module-level state. Nothing is written onto webpack-dev-server's options:
 * it validates them and rejects unknown keys (an extra key made webpack-cli 7 exit 2).
 */
interface WiringRegistry {
  /** setupMiddlewares functions that are ours (so the plugin does not wrap withCorsDevProxy's again). */
  readonly wrappers: WeakSet<object>;
  /** Dev servers whose middleware list already holds our proxy. */
  readonly devServers: WeakSet<object>;
  /** Compilers a dev server was wired for (the plugin's "could not wire itself" check). */
  readonly compilers: WeakSet<object>;
  /** The client entry's code per id, built by client-loader.ts when webpack compiles the entry. */
  readonly clientCode: Map<string, () => Promise<string>>;
  nextClientId: number;
}

const registryKey = Symbol.for('cors-dev-proxy.webpack.wiring');

export function wiringRegistry(): WiringRegistry {
  const holder = globalThis as { [registryKey]?: WiringRegistry };
  holder[registryKey] ??= {
    wrappers: new WeakSet(),
    devServers: new WeakSet(),
    compilers: new WeakSet(),
    clientCode: new Map(),
    nextClientId: 0,
  };
  return holder[registryKey];
}
