/**
 * Request time limits without a timer per request: one interval checks every pending deadline. On a busy dev
 * server that saves an allocation and a timer-list insertion per request (measured in BENCHMARKS.md); the price
 * is up to `granularityMs` of lateness, nothing for limits counted in seconds.
 */
/** A pending deadline; cancel it with `deadline.cancel()`. */
export interface Deadline {
  cancel(): void;
}

/** The entry is its own handle: no extra closure per request. */
class Entry implements Deadline {
  constructor(
    readonly at: number,
    readonly fire: () => void,
  ) {}
  cancel(): void {
    pending.delete(this);
  }
}

const granularityMs = 50;
const pending = new Set<Entry>();
let interval: NodeJS.Timeout | undefined;

function tick(): void {
  const now = performance.now();
  for (const entry of pending) {
    if (entry.at <= now) {
      pending.delete(entry);
      entry.fire();
    }
  }
  if (pending.size === 0 && interval) {
    clearInterval(interval);
    interval = undefined;
  }
}

/** Calls `fire` once, about `ms` from now, unless cancelled first. */
export function scheduleDeadline(ms: number, fire: () => void): Deadline {
  const entry = new Entry(performance.now() + ms, fire);
  pending.add(entry);
  if (!interval) {
    interval = setInterval(tick, granularityMs);
    // Pending deadlines alone never keep a process alive (the requests' sockets do).
    interval.unref();
  }
  return entry;
}
