import { type Check, type CheckResult, whenAborted } from './check.ts';

const count = 5;
const intervalMs = 300;

interface Tick {
  readonly n: number;
  /** Milliseconds since the EventSource was opened. */
  readonly at: number;
}

export const sseCheck: Check = {
  name: 'sse',
  title: 'Server-Sent Events',
  about:
    `EventSource on /api/events gets ${count} "tick" events, ${intervalMs} ms apart, then "done". ` +
    'The proxy streams each event as it comes; a buffering proxy would deliver them all at once, at the end.',
  async run({ signal, log }) {
    const source = new EventSource(`/api/events?count=${count}&interval=${intervalMs}`);
    try {
      return await Promise.race([collectTicks(source, log), whenAborted(signal)]);
    } finally {
      source.close();
    }
  },
};

function collectTicks(source: EventSource, log: (line: string) => void): Promise<CheckResult> {
  const openedAt = performance.now();
  const ticks: Tick[] = [];
  return new Promise((resolve) => {
    source.addEventListener('tick', (event) => {
      const { n } = JSON.parse(event.data) as { n: number };
      const tick = { n, at: Math.round(performance.now() - openedAt) };
      ticks.push(tick);
      log(formatTick(tick));
    });
    source.addEventListener('done', () => resolve(judge(ticks, true)));
    // EventSource would reconnect on its own; one attempt is all this check wants.
    source.addEventListener('error', () => resolve(judge(ticks, false)));
  });
}

function judge(ticks: readonly Tick[], done: boolean): CheckResult {
  const inOrder = ticks.every((tick, index) => tick.n === index);
  // Each tick must arrive a good part of an interval after the previous one: proof they were not buffered.
  const gaps = ticks.slice(1).map((tick, index) => tick.at - (ticks[index]?.at ?? 0));
  const streamed = gaps.every((gap) => gap >= intervalMs / 3);
  const complete = done && ticks.length === count && inOrder;
  return {
    pass: complete && streamed,
    summary: summarize(ticks, done, complete, streamed),
    details: [
      { label: 'Ticks', value: `${ticks.length} of ${count}` },
      { label: 'Gaps between ticks', value: gaps.length > 0 ? `${gaps.join(' ms, ')} ms` : '(none)' },
      { label: '"done" event', value: done ? 'received' : 'missing' },
    ],
    log: ticks.map(formatTick),
  };
}

function summarize(ticks: readonly Tick[], done: boolean, complete: boolean, streamed: boolean): string {
  if (!done) return `The stream broke after ${ticks.length} of ${count} ticks, before "done".`;
  if (!complete) return `Got ticks ${ticks.map((tick) => tick.n).join(', ')}, expected 0 to ${count - 1}.`;
  if (!streamed) return 'The ticks arrived in a burst: the response was buffered, not streamed.';
  return `All ${count} ticks arrived one by one, then "done".`;
}

function formatTick(tick: Tick): string {
  return `tick {"n":${tick.n}} at +${tick.at} ms`;
}
