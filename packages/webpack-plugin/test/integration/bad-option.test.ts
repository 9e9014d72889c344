import { afterEach, describe, expect, it } from 'vitest';
import { bundleFields, cliHosts, createFixture, removeFixture, runCli, stopAll } from '../support/cli.js';

// A typo in the plugin's options must stop `webpack serve` at once with a message that names the option,
// quotes the bad value and shows a correct example, not a dev server that silently proxies nothing.
const config = (options: string) => `const { CorsDevProxyPlugin } = require('@cors-dev-proxy/webpack');

module.exports = {
  ${bundleFields}
  plugins: [new CorsDevProxyPlugin(${options})],
  devServer: { host: 'localhost', port: 0 },
};
`;

describe.each(cliHosts)('%s serve with a bad option', (host) => {
  let root: string | undefined;

  afterEach(async () => {
    await stopAll();
    await removeFixture(root);
    root = undefined;
  });

  async function serveWith(options: string) {
    root = await createFixture({ 'webpack.config.cjs': config(options) });
    const run = runCli(host, root, ['serve', '--config', 'webpack.config.cjs']);
    return { code: await run.exited, output: run.output() };
  }

  it('fails on a route key without a leading slash, naming it and showing a route that works', async () => {
    const { code, output } = await serveWith("{ routes: { api: 'x' } }");
    expect(code).not.toBe(0);
    expect(output).toContain(
      '[cors-dev-proxy] The route key routes["api"] must be a path that starts with "/", but got "api".',
    );
    expect(output).toContain("routes: { '/api': 'https://api.example.com' }");
    expect(output).not.toMatch(/compiled successfully/);
  });

  it('fails on an unknown option, with the example in the form the config uses (the plugin)', async () => {
    const { code, output } = await serveWith("{ route: { '/api': 'http://127.0.0.1:1' } }");
    expect(code).not.toBe(0);
    expect(output).toContain('[cors-dev-proxy] route is not an option (did you mean "routes"?).');
    expect(output).toContain(
      "plugins: [new CorsDevProxyPlugin({ routes: { '/api': 'https://api.example.com' } })]   // webpack.config.js",
    );
  });
});
