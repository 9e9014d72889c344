import { afterAll, beforeAll, describe, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../../shared/test/support/backend.js';
import { findClosedPort } from '../../../shared/test/support/closed-port.js';
import { proxyScenarios, scenarioOptions } from '../../../shared/test/support/scenarios.js';
import { corsDevProxy } from '../../src/index.js';
import { type RunningVite, startVite, type ViteVersion, viteVersions } from '../support/start-vite.js';

for (const version of Object.keys(viteVersions) as ViteVersion[]) {
  for (const mode of ['dev', 'preview'] as const) {
    describe(`${version} ${mode}: shared proxy scenarios`, () => {
      let backend: RunningBackend;
      let vite: RunningVite;

      beforeAll(async () => {
        backend = await startBackend();
        const options = scenarioOptions(backend.url, await findClosedPort());
        vite = await startVite(version, [corsDevProxy(options)], { preview: mode === 'preview' });
      });
      afterAll(async () => {
        await vite?.close();
        await backend?.close();
      });

      for (const scenario of proxyScenarios) {
        it(scenario.name, () => scenario.run({ devUrl: vite.url, backend, logs: () => vite.lines }));
      }
    });
  }
}
