import { describe } from 'vitest';
import type { ContractGroup, Tier } from './contract-group.js';
import { buildAudit } from './contracts/build-audit.js';
import { dashboard } from './contracts/dashboard.js';
import { faults } from './contracts/faults/index.js';
import { inChromium } from './contracts/in-chromium.js';
import { productionAudit } from './contracts/production-audit.js';
import { proxyScenarios } from './contracts/proxy-scenarios.js';
import { requestBodies } from './contracts/request-bodies.js';
import { security } from './contracts/security.js';
import { theBrowserChannel } from './contracts/the-browser-channel.js';
import { webSocketsNextToHmr } from './contracts/websockets-next-to-hmr.js';
import type { HostHarness } from './harness.js';

export type { ContractGroup, Tier } from './contract-group.js';

/** Every contract a host owes, in the order they run. */
export const contractGroups: readonly ContractGroup[] = [
  proxyScenarios,
  requestBodies,
  webSocketsNextToHmr,
  security,
  productionAudit,
  buildAudit,
  faults,
  inChromium,
  theBrowserChannel,
  dashboard,
];

/**
 * Registers every contract of `tier` for one host. A group that does not apply to the host (its capabilities
 * say so: preview has no HMR socket to leave alone, node:http no channel to the page) is not registered, since
 * there is nothing of it to run, and the reason is printed once:
 * `host-suite: node-http: 'websockets next to HMR' does not apply (no HMR socket)`.
 */
export function runHostSuite(harness: HostHarness, tier: Tier): void {
  for (const group of contractGroups) {
    const define = group.tiers[tier];
    if (!define) continue;
    const reason = group.unsupported?.(harness.capabilities);
    if (reason) {
      console.info(`host-suite: ${harness.name}: '${group.title}' does not apply (${reason})`);
      continue;
    }
    describe(`${harness.name}: ${group.title}`, () => define(harness));
  }
}
