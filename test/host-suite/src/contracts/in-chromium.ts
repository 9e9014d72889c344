import type { ContractGroup } from '../contract-group.js';
import { auditInChromiumContracts } from './chromium/audit-in-chromium.js';
import { ownEndpointsInChromiumContracts } from './chromium/own-endpoints-in-chromium.js';
import { proxyInChromiumContracts } from './chromium/proxy-in-chromium.js';

/** Where the browser is the truth: the page's own fetch, cookies, redirects, streams, and attacks from pages. */
export const inChromium: ContractGroup = {
  title: 'in Chromium',
  tiers: {
    browser(harness) {
      proxyInChromiumContracts(harness);
      auditInChromiumContracts(harness);
      ownEndpointsInChromiumContracts(harness);
    },
  },
};
