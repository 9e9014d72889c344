/**
 * What the core needs to print. Each host adapter passes its own logger (Vite's `config.logger`, webpack's
 * infrastructure logger, Angular's `context.logger`) so output respects the host's log level and format.
 */
export interface ProxyLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Several access-log lines at once (they are batched on busy servers); default: `info` per line. */
  infoLines?(lines: readonly string[]): void;
  /**
   * A start-up line (the dashboard's URL), printed as the host prints its own start-up lines; default: `info`.
   * Vite's start-up banner has no timestamp, and the first timestamp a process formats costs ~27 ms (Intl's
   * locale data loads), which every `vite` start would pay before it listens (BENCHMARKS.md, start-up).
   */
  notice?(message: string): void;
}

/** The core prints nothing unless a host gives it a logger. */
export const silentLogger: ProxyLogger = Object.freeze({
  info() {},
  warn() {},
  error() {},
});
