import type { ProxyLogger } from 'cors-dev-proxy';
import type { Logger } from 'vite';

/** Routes core output through Vite's logger, so `logLevel` and `customLogger` are honoured. */
export function createViteProxyLogger(logger: Logger): ProxyLogger {
  const prefix = '[cors-dev-proxy]';
  return {
    info: (message) => logger.info(`${prefix} ${message}`, { timestamp: true }),
    warn: (message) => logger.warn(`${prefix} ${message}`, { timestamp: true }),
    error: (message) => logger.error(`${prefix} ${message}`, { timestamp: true }),
    // One logger call (one timestamp) for a batch of access-log lines, each still prefixed.
    infoLines: (lines) =>
      logger.info(lines.map((line) => `${prefix} ${line}`).join('\n'), { timestamp: true }),
  };
}
