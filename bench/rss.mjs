import { readFileSync } from 'node:fs';

/**
 * Resident set size of a process in bytes, read from /proc/<pid>/status (VmRSS). Linux only; undefined
 * elsewhere or once the process is gone.
 * @param {number} pid
 * @returns {number | undefined}
 */
export function readRss(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples a process's RSS every `intervalMs` until stopped. `baseline` is read synchronously at start, so
 * growth is measured from the moment just before the work begins.
 * @param {number} pid
 * @param {number} [intervalMs]
 */
export function startRssSampler(pid, intervalMs = 50) {
  const baseline = readRss(pid) ?? Number.NaN;
  let peak = baseline;
  let samples = 1;
  const sample = () => {
    const rss = readRss(pid);
    if (rss === undefined) return;
    samples += 1;
    if (!(rss <= peak)) peak = rss;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    /** Stops sampling (after one last sample) and returns what was seen. */
    stop() {
      clearInterval(timer);
      sample();
      return { baseline, peak, growth: Math.max(0, peak - baseline), samples };
    },
  };
}
