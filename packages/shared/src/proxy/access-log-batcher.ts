import type { ProxyLogger } from '../logger.js';

export interface AccessLogLimits {
  /** How long lines wait to be handed over together. @default 100 */
  readonly intervalMs?: number;
  /** Lines shown per second; past that, the rest of the second is counted and said in one line. @default 200 */
  readonly linesPerSecond?: number;
  /** Where every request can still be seen, for the line that says how many were not shown. */
  readonly elsewhere?: string;
}

const windowMs = 1_000;

/**
 * Collects access-log lines and hands them to the host's logger together, at most every `intervalMs`. A host
 * logger call costs far more than the line (Vite formats a timestamp each time); at a few requests a second
 * nobody sees the difference, at thousands it is most of the proxy's overhead.
 *
 * A terminal scrolling thousands of lines a second shows nothing anyone can read, and writing them costs the
 * proxy more than forwarding (BENCHMARKS.md, issue 16: the access log was ~35 µs of ~220 µs per request). So
 * past `linesPerSecond` the rest of that second is only counted (`admit` says so before a line is even
 * formatted), and one line says how many were left out and where they all are.
 */
export function createAccessLogBatcher(logger: ProxyLogger, limits: AccessLogLimits = {}) {
  const intervalMs = limits.intervalMs ?? 100;
  const linesPerSecond = limits.linesPerSecond ?? 200;
  let lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let windowStart = 0;
  let shownInWindow = 0;
  let leftOut = 0;

  const sayLeftOut = () => {
    if (leftOut === 0) return;
    const where = limits.elsewhere ? `; ${limits.elsewhere}` : '';
    lines.push(
      `… and ${leftOut} more proxied request${leftOut === 1 ? '' : 's'} in that second, not shown (at most ${linesPerSecond} line${linesPerSecond === 1 ? '' : 's'} a second${where})`,
    );
    leftOut = 0;
  };
  const flush = () => {
    timer = undefined;
    if (leftOut > 0 && Date.now() - windowStart >= windowMs) sayLeftOut();
    if (lines.length > 0) {
      const batch = lines;
      lines = [];
      if (logger.infoLines) logger.infoLines(batch);
      else for (const line of batch) logger.info(line);
    }
    // Still counting: the count is said once its second is over, even if no request comes after it.
    if (leftOut > 0) timer = setTimeout(flush, intervalMs);
  };
  const schedule = () => {
    timer ??= setTimeout(flush, intervalMs);
  };
  return {
    /** Whether a line for this request is shown; false: it was counted instead, do not format it. */
    admit(): boolean {
      const now = Date.now();
      if (now - windowStart >= windowMs) {
        sayLeftOut();
        windowStart = now;
        shownInWindow = 0;
      }
      if (shownInWindow < linesPerSecond) {
        shownInWindow += 1;
        return true;
      }
      leftOut += 1;
      schedule();
      return false;
    },
    add(line: string): void {
      lines.push(line);
      schedule();
    },
    flush(): void {
      clearTimeout(timer);
      sayLeftOut();
      flush();
    },
  };
}
