import fs from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../../packages/shared/test/support/production-server.js';
import { writeRecordedProject } from '../../../../packages/shared/test/support/recorded-project.js';
import type { ContractGroup } from '../contract-group.js';
import { buildWith, createProject } from '../start-host.js';

// What CI sees: the shapes recorded in development are judged by the host's production build, which can fail
// the pipeline before a blocked request ships (`cors-dev-proxy audit` does the same without a host).
export const buildAudit: ContractGroup = {
  title: 'build audit',
  unsupported: (capabilities) => (capabilities.build ? undefined : 'no production build'),
  tiers: {
    integration(harness) {
      let strict: ProductionServer;
      let root: string;

      beforeAll(async () => {
        strict = await startProductionServer('strict');
        root = await createProject(harness);
        await writeRecordedProject(root, strict.url);
      });
      afterAll(async () => {
        await strict?.close();
        if (root) await fs.rm(root, { recursive: true, force: true });
      });

      it('prints the audit summary after the build, with the options from the config file', async () => {
        const { failed, error, log } = await buildWith(harness, undefined, root);
        expect(error).toBeUndefined();
        expect(failed).toBe(false);
        expect(log).toContain(
          'Production CORS audit for https://app.example.com: 1 blocked, 1 allowed, 0 undecided (2 request shapes).',
        );
        expect(log).toContain('✖ PUT /api/orders/:id [content-type]');
        expect(log).toContain(
          'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.',
        );
      });

      it('fails the build with failOnProductionCors', async () => {
        const { failed, error } = await buildWith(
          harness,
          {
            routes: { '/api': 'http://127.0.0.1:1' },
            production: { origin: 'https://app.example.com', targets: { '/api': strict.url } },
            failOnProductionCors: true,
          },
          root,
        );
        expect(failed).toBe(true);
        expect(error).toContain('1 request shape(s) would be blocked by CORS in production');
      });
    },
  },
};
