/**
 * The cards. Everything a check reports is written with textContent, never as HTML: the values come from
 * servers and error messages.
 */
import type { Check, CheckResult, CheckStatus, Detail } from './checks/check.ts';

export interface Card {
  readonly element: HTMLElement;
  readonly status: () => CheckStatus;
  readonly reset: () => void;
  readonly appendLog: (line: string) => void;
  readonly showResult: (result: CheckResult) => void;
  readonly showError: (message: string) => void;
}

export function createCard(check: Check): Card {
  const badge = createElement('span', 'badge');
  const summary = createElement('p', 'summary');
  const details = createElement('dl', 'details');
  const log = createElement('ol', 'log');

  const title = createElement('h2', 'title', check.title);
  const name = createElement('code', 'name', check.name);
  const header = createElement('header', 'card-header');
  header.append(title, name, badge);

  const element = createElement('article', 'card');
  element.dataset.check = check.name;
  element.append(header, createElement('p', 'about', check.about));
  if (check.links) {
    const links = createElement('p', 'links');
    for (const { href, label } of check.links) {
      const link = createElement('a', 'link', label);
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener';
      links.append(link);
    }
    element.append(links);
  }
  element.append(summary, details, log);

  function setStatus(status: CheckStatus) {
    element.dataset.status = status;
    badge.textContent = status;
  }

  function showDetails(rows: readonly Detail[]) {
    details.replaceChildren(
      ...rows.flatMap(({ label, value }) => [createElement('dt', '', label), createElement('dd', '', value)]),
    );
  }

  function reset() {
    setStatus('pending');
    summary.textContent = 'Running…';
    details.replaceChildren();
    log.replaceChildren();
  }

  reset();
  return {
    element,
    status: () => element.dataset.status as CheckStatus,
    reset,
    appendLog(line) {
      log.append(createElement('li', '', line));
    },
    showResult(result) {
      setStatus(result.pass ? 'pass' : 'fail');
      summary.textContent = result.summary;
      showDetails(result.details);
      if (result.log) log.replaceChildren(...result.log.map((line) => createElement('li', '', line)));
    },
    showError(message) {
      setStatus('fail');
      summary.textContent = message;
    },
  };
}

/** Writes "n of m checks pass" into the page header once no card is pending. */
export function renderTally(target: HTMLElement, cards: readonly Card[]) {
  const statuses = cards.map((card) => card.status());
  const passed = statuses.filter((status) => status === 'pass').length;
  const pending = statuses.includes('pending');
  target.dataset.status = pending ? 'pending' : passed === cards.length ? 'pass' : 'fail';
  target.textContent = pending ? 'Running checks…' : `${passed} of ${cards.length} checks pass`;
}

function createElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
