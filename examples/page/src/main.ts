/// <reference path="./env.d.ts" />
import './style.css';
import { checks } from './checks/index.ts';
import { type Card, createCard, renderTally } from './render.ts';

/** Long enough for the SSE card (about 2 s); a check that hangs fails instead of staying pending. */
const checkTimeoutMs = 10_000;

const grid = requireElement('#checks');
const tally = requireElement('#tally');
const runAgain = requireElement('#run-again');
requireElement('#page-origin').textContent = location.origin;
requireElement('#backend-url').textContent = __BACKEND_URL__;

const cards = checks.map((check) => ({ check, card: createCard(check) }));
grid.append(...cards.map(({ card }) => card.element));

let currentRun: AbortController | undefined;

async function runAll() {
  // "Run again" during a run abandons the old one: its late results must not overwrite the new cards.
  currentRun?.abort(new Error('superseded by a new run'));
  const run = new AbortController();
  currentRun = run;
  for (const { card } of cards) card.reset();
  renderTally(tally, cardList());
  await Promise.all(
    cards.map(async ({ check, card }) => {
      const timeout = AbortSignal.timeout(checkTimeoutMs);
      const signal = AbortSignal.any([run.signal, timeout]);
      try {
        const result = await check.run({ signal, log: card.appendLog });
        if (!run.signal.aborted) card.showResult(result);
      } catch (error) {
        if (run.signal.aborted) return;
        card.showError(timeout.aborted ? `No result within ${checkTimeoutMs / 1000} s.` : describe(error));
      }
      if (!run.signal.aborted) renderTally(tally, cardList());
    }),
  );
}

function cardList(): Card[] {
  return cards.map(({ card }) => card);
}

function describe(error: unknown): string {
  return `The check could not finish: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}.`;
}

function requireElement(selector: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`index.html has no element ${selector}`);
  return element;
}

runAgain.addEventListener('click', () => void runAll());
void runAll();
