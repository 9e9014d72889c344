/**
 * The webpack loader behind the injected client entry (client-entry.ts): its output is the core's client
 * script (warnings in the console, page calls for the audit) once the proxy's options are known. The code is
 * looked up by id in the process-wide registry (wiring-marks.ts); a build without a dev server in this process
 * gets an empty module. Built as its own file (dist/client-loader.cjs) because webpack loads loaders by path;
 * self-contained (no imports) so the repository's tests can hand webpack the .ts source directly.
 */
interface LoaderContext {
  readonly resourceQuery: string;
  cacheable(flag: boolean): void;
  async(): (error: Error | null, code?: string) => void;
}

/** The same key as wiring-marks.ts: `Symbol.for` makes it one registry for every copy of the package. */
const registryKey = Symbol.for('cors-dev-proxy.webpack.wiring');

export default function corsDevProxyClientLoader(this: LoaderContext): void {
  // Never cached: the code follows the options of the dev server that is running.
  this.cacheable(false);
  const done = this.async();
  const id = new URLSearchParams(this.resourceQuery.replace(/^\?/, '')).get('cors-dev-proxy-client') ?? '';
  const registry = (globalThis as { [registryKey]?: { clientCode: Map<string, () => Promise<string>> } })[
    registryKey
  ];
  const code = registry?.clientCode.get(id)?.();
  if (!code) {
    done(null, '/* cors-dev-proxy: no dev server in this process */\n');
    return;
  }
  code.then(
    (source) => done(null, source),
    // The options failed: the terminal already says why; the page just gets no client.
    () => done(null, '/* cors-dev-proxy: the options could not be read (see the terminal) */\n'),
  );
}
