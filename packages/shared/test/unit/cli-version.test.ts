import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { readPackageVersion } from '../../src/cli/version.js';
import { runCommand } from '../support/run-command.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('cors-dev-proxy --version', () => {
  it.each(['--version', '-v'])('%s prints the version in package.json and exits 0', async (flag) => {
    const { exitCode, stdout, stderr } = await runCommand(runCli, [flag]);
    expect({ exitCode, stdout, stderr }).toEqual({
      exitCode: 0,
      stdout: `${manifest.version}\n`,
      stderr: '',
    });
  });

  it('is listed in the usage text', async () => {
    const { exitCode, stdout } = await runCommand(runCli, ['--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^ {2}--version, -v +Print the version of cors-dev-proxy$/m);
  });
});

describe('readPackageVersion', () => {
  // The layout of an install: the app's own package.json above, ours beside dist/.
  const app = mkdtempSync(join(tmpdir(), 'cors-dev-proxy-version-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));
  const installed = join(app, 'node_modules', 'cors-dev-proxy');
  mkdirSync(join(installed, 'dist'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', version: '1.0.0' }));
  writeFileSync(
    join(installed, 'package.json'),
    JSON.stringify({ name: 'cors-dev-proxy', version: '9.8.7' }),
  );

  it('reads the package.json of the installed package from a file in dist', () => {
    expect(readPackageVersion(pathToFileURL(join(installed, 'dist', 'cli.mjs')).href)).toBe('9.8.7');
  });

  it('skips package.json files of other packages and says so when there is none', () => {
    expect(() => readPackageVersion(pathToFileURL(join(app, 'src', 'cli.mjs')).href)).toThrow(
      /no package\.json named "cors-dev-proxy" above .*cli\.mjs; reinstall the package/,
    );
  });
});
