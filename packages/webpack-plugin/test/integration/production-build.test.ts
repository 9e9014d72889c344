import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProductionServer,
  startProductionServer,
} from '../../../shared/test/support/production-server.js';
import { writeRecordedProject } from '../../../shared/test/support/recorded-project.js';
import { type CliHost, cliHosts, createFixture, removeFixture, runCli, stopAll } from '../support/cli.js';

// What CI sees: `webpack --mode production` / `rspack build` judge the request shapes recorded in development
// against the production API, print the audit as a webpack warning, and with failOnProductionCors fail the
// pipeline through the CLI's exit code (the in-process version is the host suite's build-audit contract).
const config = (options: string) => `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

module.exports = {
  entry: './src/index.js',
  output: { filename: 'main.js' },
  plugins: [new CorsDevProxyPlugin(${options})],
};
`;

const buildArgs: Record<CliHost, string[]> = {
  wds5: ['--mode', 'production', '--config', 'webpack.config.cjs'],
  wds6: ['--mode', 'production', '--config', 'webpack.config.cjs'],
  rspack: ['build', '--mode', 'production', '--config', 'webpack.config.cjs'],
};

describe.each(cliHosts)('%s production build', (host) => {
  let strict: ProductionServer;
  const roots: string[] = [];

  beforeAll(async () => {
    strict = await startProductionServer('strict');
  });
  afterAll(async () => {
    await stopAll();
    await strict?.close();
    for (const root of roots) await removeFixture(root);
  });

  async function build(options: string) {
    const root = await createFixture({ 'webpack.config.cjs': config(options) });
    roots.push(root);
    await writeRecordedProject(root, strict.url);
    const run = runCli(host, root, buildArgs[host]);
    return { code: await run.exited, output: run.output() };
  }

  it('exits 0 and prints the audit as a warning, with the options from the config file', async () => {
    const { code, output } = await build('');
    expect(code, output).toBe(0);
    expect(output).toMatch(/WARNING in (⚠ )?\[cors-dev-proxy\]/);
    expect(output).toContain(
      'Production CORS audit for https://app.example.com: 1 blocked, 1 allowed, 0 undecided (2 request shapes).',
    );
    expect(output).toContain('✖ PUT /api/orders/:id [content-type]');
  });

  it('exits 1 with failOnProductionCors, the failure as an error', async () => {
    const { code, output } = await build(
      JSON.stringify({
        routes: { '/api': 'http://127.0.0.1:1' },
        production: { origin: 'https://app.example.com', targets: { '/api': strict.url } },
        failOnProductionCors: true,
      }),
    );
    expect(code, output).toBe(1);
    expect(output).toMatch(
      /ERROR in (× )?\[cors-dev-proxy\] [^\n]*1 request shape\(s\) would be blocked by CORS in production/,
    );
  });
});
