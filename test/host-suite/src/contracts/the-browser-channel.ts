import type { ContractGroup } from '../contract-group.js';
import { consoleWarningContracts } from './chromium/console-warnings.js';
import { credentialsFromThePageContracts } from './chromium/credentials-from-the-page.js';

/**
 * The adapter's channel to the page, both ways: our warnings to its console (replayed to tabs that connect
 * later), and the page script's reports of its own fetch/XHR calls back, so the audit judges credentials as
 * the page sets them.
 */
export const theBrowserChannel: ContractGroup = {
  title: 'the browser channel',
  unsupported: (capabilities) =>
    capabilities.browserChannel === 'none'
      ? 'no channel to the page: warnings go to the terminal only'
      : undefined,
  tiers: {
    browser(harness) {
      consoleWarningContracts(harness);
      credentialsFromThePageContracts(harness);
    },
  },
};
