/** A problem worth showing the developer once, in the terminal and in the browser console. */
export interface ProxyWarning {
  /** Deduplication key: the same id is reported once per proxy instance. */
  readonly id: string;
  readonly message: string;
  /** `info` for things we fixed on the developer's behalf; `warn` (default) for things they must fix. */
  readonly level?: 'warn' | 'info';
  /** The dashboard's path (`/__cors-dev-proxy/`) when it is on: the browser's console line links to it. */
  readonly dashboard?: string;
}

export type WarningListener = (warning: ProxyWarning) => void;

export interface WarningChannel {
  /** Reports a warning unless one with the same id was reported before. Returns whether it was new. */
  report(warning: ProxyWarning): boolean;
  /** Listens for new warnings; returns the function that stops listening. */
  subscribe(listener: WarningListener): () => void;
  /** Warnings reported so far, oldest first: replayed to browser tabs that connect later. */
  list(): readonly ProxyWarning[];
}

/** Most projects produce a handful; the cap only protects a long-running server from a pathological upstream. */
const maxRemembered = 500;

export function createWarningChannel(
  options: { readonly dashboardPath?: string | undefined } = {},
): WarningChannel {
  const seen = new Map<string, ProxyWarning>();
  const listeners = new Set<WarningListener>();
  return {
    report(warning) {
      if (seen.has(warning.id)) return false;
      if (seen.size >= maxRemembered) seen.delete(seen.keys().next().value as string);
      const stamped = options.dashboardPath ? { ...warning, dashboard: options.dashboardPath } : warning;
      seen.set(warning.id, stamped);
      for (const listener of listeners) listener(stamped);
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    list: () => [...seen.values()],
  };
}
