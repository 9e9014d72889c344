import type { ProxyLogger } from '../logger.js';

/** The three calls every host logger has (Vite's `config.logger`, webpack's infrastructure logger, Angular's). */
export interface HostLogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A start-up line, as the host prints its own (Vite: without a timestamp); default: `info`. */
  notice?(message: string): void;
}

export const logPrefix = '[cors-dev-proxy]';

/**
 * The core's logger on top of the host's. `prefix: false` for loggers that name their source themselves
 * (webpack's `getInfrastructureLogger('cors-dev-proxy')` prints `[cors-dev-proxy]` already).
 */
export function createHostLogger(sink: HostLogSink, options: { prefix?: boolean } = {}): ProxyLogger {
  const tag =
    options.prefix === false ? (message: string) => message : (message: string) => `${logPrefix} ${message}`;
  return {
    info: (message) => sink.info(tag(message)),
    warn: (message) => sink.warn(tag(message)),
    error: (message) => sink.error(tag(message)),
    notice: (message) => (sink.notice ? sink.notice(tag(message)) : sink.info(tag(message))),
    // One host call (one timestamp) for a batch of access-log lines, each still tagged. A host that names the
    // source itself does so on the first line only (webpack's and Rspack's infrastructure logger print
    // `<i> [cors-dev-proxy] a` then `<i> b`), so the lines after the first carry the prefix themselves.
    infoLines: (lines) =>
      sink.info(
        lines
          .map((line, at) => (at === 0 || options.prefix !== false ? tag(line) : `${logPrefix} ${line}`))
          .join('\n'),
      ),
  };
}
