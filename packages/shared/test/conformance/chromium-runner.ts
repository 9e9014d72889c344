import type { Browser } from 'playwright-core';
import { vi } from 'vitest';
import type { ScenarioServers } from './scenario-server.js';
import type { Scenario } from './scenario-types.js';

/** What Chromium did with one scenario: the script-visible result, the console line and the DevTools issue. */
export interface BrowserOutcome {
  readonly allowed: boolean;
  readonly scriptError: string | null;
  readonly message: string | null;
  readonly corsError: string | null;
  readonly failedParameter: string | null;
}

const scenarioIdPattern = /\/s\/([^/]+)\/\d+/;

/**
 * Runs every scenario from a page on the page server, in one fresh browser context (empty preflight cache;
 * every scenario has its own URLs, so no preflight is ever reused). Reads the verdict from `fetch`/XHR, the
 * text from the console, and `corsError`/`failedParameter` from the DevTools `Audits.issueAdded` event.
 */
export async function runScenariosInChromium(
  browser: Browser,
  servers: ScenarioServers,
  scenarios: readonly Scenario[],
): Promise<Map<string, BrowserOutcome>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const messages = new Map<string, string>();
  const issues = new Map<string, { corsError: string; failedParameter: string }>();
  page.on('console', (message) => {
    const text = message.text();
    const id = scenarioIdPattern.exec(text)?.[1];
    if (id && text.startsWith('Access to ')) messages.set(id, text);
  });
  const cdp = await context.newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    const details = issue.details.corsIssueDetails;
    const id = details && scenarioIdPattern.exec(details.request.url ?? '')?.[1];
    if (details && id) {
      issues.set(id, {
        corsError: details.corsErrorStatus.corsError,
        failedParameter: details.corsErrorStatus.failedParameter,
      });
    }
  });
  await cdp.send('Audits.enable');
  await page.goto(`${servers.pageOrigin}/`);

  const results = new Map<string, { allowed: boolean; scriptError: string | null }>();
  for (const scenario of scenarios) {
    const result = await page.evaluate(
      async ({ url, method, headers, credentials, initiator }) => {
        if (initiator === 'fetch') {
          try {
            const response = await fetch(url, { method, headers, credentials });
            await response.arrayBuffer();
            return { allowed: true, scriptError: null };
          } catch (error) {
            return { allowed: false, scriptError: String(error) };
          }
        }
        return new Promise<{ allowed: boolean; scriptError: string | null }>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open(method, url);
          xhr.withCredentials = credentials === 'include';
          for (const [name, value] of headers) xhr.setRequestHeader(name, value);
          xhr.onload = () => resolve({ allowed: true, scriptError: null });
          xhr.onerror = () =>
            resolve({ allowed: false, scriptError: `XMLHttpRequest error, status ${xhr.status}` });
          xhr.send();
        });
      },
      {
        url: servers.hopUrl(scenario, 0),
        method: scenario.method,
        headers: scenario.headers.map(([name, value]) => [name, value] as [string, string]),
        credentials: scenario.credentials,
        initiator: scenario.initiator,
      },
    );
    results.set(scenario.id, result);
  }
  // The console line and the DevTools issue arrive asynchronously after the script sees the failure.
  const blocked = scenarios.filter((scenario) => results.get(scenario.id)?.allowed === false);
  const missing = () =>
    blocked.filter((scenario) => !messages.has(scenario.id) || !issues.has(scenario.id)).map((s) => s.id);
  await vi
    .waitFor(
      () => {
        if (missing().length > 0) throw new Error(`still waiting for ${missing().join(', ')}`);
      },
      { timeout: 10_000, interval: 20 },
    )
    // A scenario still missing its console line then fails on its own, with the details.
    .catch(() => undefined);
  await context.close();

  const outcomes = new Map<string, BrowserOutcome>();
  for (const scenario of scenarios) {
    const result = results.get(scenario.id);
    const issue = issues.get(scenario.id);
    outcomes.set(scenario.id, {
      allowed: result?.allowed ?? false,
      scriptError: result?.scriptError ?? null,
      message: messages.get(scenario.id) ?? null,
      corsError: issue?.corsError ?? null,
      failedParameter: issue?.failedParameter ?? null,
    });
  }
  return outcomes;
}
