import type { ProxyLogger } from '../logger.js';

/**
 * Collects access-log lines and hands them to the host's logger together, at most every `intervalMs`. A host
 * logger call costs far more than the line (Vite formats a timestamp each time); at a few requests a second
 * nobody sees the difference, at thousands it is most of the proxy's overhead.
 */
export function createAccessLogBatcher(logger: ProxyLogger, intervalMs = 100) {
  let lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (lines.length === 0) return;
    const batch = lines;
    lines = [];
    if (logger.infoLines) logger.infoLines(batch);
    else for (const line of batch) logger.info(line);
  };
  return {
    add(line: string): void {
      lines.push(line);
      timer ??= setTimeout(flush, intervalMs);
    },
    flush(): void {
      clearTimeout(timer);
      flush();
    },
  };
}
