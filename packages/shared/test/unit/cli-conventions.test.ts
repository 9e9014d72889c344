import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { runCommand } from '../support/run-command.js';

describe('cors-dev-proxy <command> --help', () => {
  it.each([
    [
      'check',
      '--help',
      /^Usage: cors-dev-proxy check <url> --origin <origin> \[options\]$/m,
      '--credentials MODE',
    ],
    [
      'scan',
      '-h',
      /^Usage: cors-dev-proxy scan <url> --origin <origin> \[options\]$/m,
      '--local-origin ORIGIN',
    ],
    [
      'replay',
      '--help',
      /^Usage: cors-dev-proxy replay <har> --origin <origin> \[options\]$/m,
      '--target <url>',
    ],
    ['audit', '-h', /^Usage: cors-dev-proxy audit \[options\]$/m, '--shapes FILE'],
  ])(
    '%s %s prints its own usage, options, exit statuses and example, and exits 0',
    async (command, flag, title, option) => {
      const { exitCode, stdout, stderr } = await runCommand(runCli, [command, flag]);
      expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
      expect(stdout).toMatch(title);
      expect(stdout).toContain(option);
      expect(stdout).toMatch(new RegExp(`^Exit status: .*${command}.*: 0 `, 'm'));
      expect(stdout).toMatch(new RegExp(`^ {2}cors-dev-proxy ${command}\\b`, 'm'));
      // Another command's options are not in it.
      expect(stdout).not.toContain(command === 'check' ? '--shapes' : '--credentials');
    },
  );

  it('wins over other arguments, even invalid ones (help is what the user asked for)', async () => {
    const { exitCode, stdout } = await runCommand(runCli, ['check', 'not-a-url', '--bogus', '--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^Usage: cors-dev-proxy check/);
  });
});

describe('cors-dev-proxy usage errors', () => {
  it('suggests the flag a misspelt one was meant to be', async () => {
    const { exitCode, stderr } = await runCommand(runCli, [
      'check',
      'https://api.example.com',
      '--origin',
      'https://app.example.com',
      '--credentails',
      'include',
    ]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("Unknown option '--credentails'; did you mean '--credentials'?");
  });

  it('does not guess for a flag that is nothing like a known one', async () => {
    const { stderr } = await runCommand(runCli, ['scan', 'https://api.example.com', '--zzzzzzzz']);
    expect(stderr).toContain("Unknown option '--zzzzzzzz'.");
    expect(stderr).not.toContain('did you mean');
  });

  it.each([
    ['localhost:3000/api', 'http://localhost:3000/api'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['[::1]:3000', 'http://[::1]:3000'],
    ['app.localhost:3000', 'http://app.localhost:3000'],
    ['api.example.com/orders', 'https://api.example.com/orders'],
  ])('a URL without a scheme (%s) suggests %s', async (typed, meant) => {
    const { exitCode, stderr } = await runCommand(runCli, [
      'check',
      typed,
      '--origin',
      'https://app.example.com',
    ]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain(`"${typed}" is not an absolute URL; did you mean "${meant}"?`);
    expect(stderr).toContain(`Example: cors-dev-proxy check ${meant} `);
  });
});
