/// <reference path="./env.d.ts" />
import { checks } from './checks/index.ts';
import { type Card, createCard, renderTally } from './render.ts';

/** Long enough for the SSE card (about 2 s); a check that hangs fails instead of staying pending. */
const checkTimeoutMs = 10_000;

/**
 * Runs the page in the skeleton a host gives it (index.html for Vite and webpack, a component's template for
 * Angular): `#checks` gets a card per check, `#tally` the count, `#run-again` runs them all again. Call it
 * once the skeleton is in the document. The stylesheet is separate (src/style.css); main.ts
 * imports both for the hosts whose bundler takes CSS from a script.
 */
export function mountExamplePage(root: ParentNode = document): void {
  const grid = requireElement(root, '#checks');
  const tally = requireElement(root, '#tally');
  const runAgain = requireElement(root, '#run-again');
  requireElement(root, '#page-origin').textContent = location.origin;
  requireElement(root, '#backend-url').textContent = __BACKEND_URL__;

  const cards = checks.map((check) => ({ check, card: createCard(check) }));
  grid.append(...cards.map(({ card }) => card.element));
  const cardList = (): Card[] => cards.map(({ card }) => card);

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

  runAgain.addEventListener('click', () => void runAll());
  void runAll();
}

function describe(error: unknown): string {
  return `The check could not finish: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}.`;
}

function requireElement(root: ParentNode, selector: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`the page's skeleton has no element ${selector}`);
  return element;
}
