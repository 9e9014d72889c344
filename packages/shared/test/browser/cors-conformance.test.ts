import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/check-command.js';
import { evaluateCors } from '../../src/cors/evaluate.js';
import type { CorsHop, CorsRequest } from '../../src/cors/types.js';
import { type BrowserOutcome, runScenariosInChromium } from '../conformance/chromium-runner.js';
import { type ScenarioServers, startScenarioServers } from '../conformance/scenario-server.js';
import type { Scenario } from '../conformance/scenario-types.js';
import { generateScenarios, handWrittenScenarios } from '../conformance/scenarios.js';
import { launchChromium } from '../support/chromium.js';

// Browser truth: every scenario runs in real Chromium first; the engine (fed the exact responses the servers
// sent) and the live check (talking to the same servers) must then agree with it on allowed, corsError and the
// console message. CONFORMANCE_COUNT and CONFORMANCE_SEED explore further locally (`pnpm conformance`).
const generatedCount = Number(process.env.CONFORMANCE_COUNT ?? 300);
const seed = Number(process.env.CONFORMANCE_SEED ?? 20261122);
const scenarios: Scenario[] = [...handWrittenScenarios, ...generateScenarios(generatedCount, seed)];

let servers: ScenarioServers;
let browser: Browser;
let outcomes: Map<string, BrowserOutcome>;

beforeAll(async () => {
  servers = await startScenarioServers();
  servers.register(scenarios);
  browser = await launchChromium();
  outcomes = await runScenariosInChromium(browser, servers, scenarios);
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

/** The hops exactly as served: the engine sees what Chromium saw. */
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

describe('`cors-dev-proxy check --json` agrees with Chromium', () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.description}`, async () => {
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
    });
  }
});
