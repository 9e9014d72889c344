import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { evaluateCors } from '../../src/cors/evaluate.js';
import type { CorsHop, CorsRequest } from '../../src/cors/types.js';
import { type BrowserOutcome, runScenariosInChromium } from '../conformance/chromium-runner.js';
import {
  type ReceivedRequest,
  type ScenarioServers,
  startScenarioServers,
} from '../conformance/scenario-server.js';
import type { Scenario } from '../conformance/scenario-types.js';
import { generateScenarios, handWrittenScenarios, wireScenarios } from '../conformance/scenarios.js';
import { launchChromium } from '../support/chromium.js';

// Browser truth: every scenario runs in real Chromium first; the engine (fed the responses the servers really
// sent Chromium, Node's own 400s included) and the live check (talking to the same strict Node servers) must then
// agree with it on allowed, corsError and the console message, and the live check must have sent the bytes
// Chromium sent. CONFORMANCE_COUNT and CONFORMANCE_SEED explore further locally (`pnpm conformance`).
const generatedCount = Number(process.env.CONFORMANCE_COUNT ?? 300);
const seed = Number(process.env.CONFORMANCE_SEED ?? 20261122);
const scenarios: Scenario[] = [
  ...handWrittenScenarios,
  ...wireScenarios,
  ...generateScenarios(generatedCount, seed),
];

let servers: ScenarioServers;
let browser: Browser;
let outcomes: Map<string, BrowserOutcome>;
/** Every request Chromium sent, as the servers received it (the live check's come after). */
let chromiumRequests: readonly ReceivedRequest[];

beforeAll(async () => {
  servers = await startScenarioServers();
  servers.register(scenarios);
  browser = await launchChromium();
  outcomes = await runScenariosInChromium(browser, servers, scenarios);
  chromiumRequests = [...servers.received()];
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

function requestOf(scenario: Scenario): CorsRequest {
  return {
    url: servers.hopUrl(scenario, 0),
    method: scenario.method,
    headers: scenario.headers,
    credentials: scenario.credentials,
    initiator: scenario.initiator,
  };
}

/** The hops as really answered to Chromium: the engine sees what Chromium saw. */
function servedHops(scenario: Scenario): CorsHop[] {
  return scenario.hops.map((_, index) => {
    const preflight = servers.servedResponse(scenario, index, 'preflight');
    const response = servers.servedResponse(scenario, index, 'actual');
    return {
      url: servers.hopUrl(scenario, index),
      ...(preflight ? { preflight } : {}),
      ...(response ? { response } : {}),
    };
  });
}

function expected(outcome: BrowserOutcome | undefined) {
  return {
    allowed: outcome?.allowed,
    corsError: outcome?.corsError ?? null,
    message: outcome?.message ?? null,
  };
}

describe('the engine agrees with Chromium', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.description}`, () => {
      const { verdict } = evaluateCors({
        pageOrigin: servers.pageOrigin,
        request: requestOf(scenario),
        hops: servedHops(scenario),
      });
      const chromium = expected(outcomes.get(scenario.id));
      expect({ allowed: verdict.allowed, corsError: verdict.corsError, message: verdict.message }).toEqual(
        chromium,
      );
      if (chromium.corsError)
        expect(verdict.failedParameter).toBe(outcomes.get(scenario.id)?.failedParameter);
    });
  }
});

/** The scenario as a `cors-dev-proxy check` command line. */
function checkArguments(scenario: Scenario): string[] {
  return [
    servers.hopUrl(scenario, 0),
    '--origin',
    servers.pageOrigin,
    '--method',
    scenario.method,
    ...scenario.headers.flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    '--credentials',
    scenario.credentials,
    '--initiator',
    scenario.initiator,
    '--send-actual',
    '--json',
  ];
}

/**
 * Headers Chromium sends that the live check deliberately leaves out: the browser's identity (User-Agent, client
 * hints), Referer, its content-coding and language defaults, and fetch metadata beyond the preflight's
 * Sec-Fetch-Mode (Sec-Fetch-Site needs the registrable domain; Chromium sends none of it to plain-http hosts,
 * and Sec-Fetch-Storage-Access: none with credentials).
 */
function isLeftOut(name: string, request: ReceivedRequest): boolean {
  const lower = name.toLowerCase();
  return (
    /^(user-agent|sec-ch-ua(-.*)?|referer|accept-encoding|accept-language|sec-fetch-(site|dest|storage-access))$/.test(
      lower,
    ) ||
    (lower === 'sec-fetch-mode' && request.method !== 'OPTIONS')
  );
}

/** A request as bytes to compare: the request line, then the header lines (Chromium's order is a hash order). */
function wireForm(request: ReceivedRequest): string[] {
  return [
    `${request.method} ${request.url}`,
    ...request.headers
      .filter(([name]) => !isLeftOut(name, request))
      .map(([name, value]) => `${name}: ${value}`)
      .sort(),
  ];
}

const ofScenario = (scenario: Scenario) => (request: ReceivedRequest) =>
  request.url.startsWith(`/s/${scenario.id}/`);

describe('`cors-dev-proxy check --json` agrees with Chromium', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.description}`, async () => {
      const before = servers.received().length;
      let stdout = '';
      const exitCode = await runCheckCommand(checkArguments(scenario), {
        stdout: (text) => {
          stdout += text;
        },
        stderr: (text) => {
          throw new Error(`unexpected stderr: ${text}`);
        },
        color: false,
      });
      const verdict = JSON.parse(stdout);
      const chromium = expected(outcomes.get(scenario.id));
      expect({ allowed: verdict.allowed, corsError: verdict.corsError, message: verdict.message }).toEqual(
        chromium,
      );
      expect(exitCode).toBe(chromium.allowed ? 0 : 1);
      // The same requests, byte for byte: method case, header names and values (issue 10, item 2).
      const sent = servers.received().slice(before).filter(ofScenario(scenario)).map(wireForm);
      expect(sent).toEqual(chromiumRequests.filter(ofScenario(scenario)).map(wireForm));
    });
  }
});
