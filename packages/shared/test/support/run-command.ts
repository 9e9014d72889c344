import type { CommandIo } from '../../src/cli/check-command.js';

/** Runs a CLI command in-process with captured output, as the bin would (no colour: not a terminal). */
export async function runCommand(
  command: (argv: readonly string[], io: CommandIo) => Promise<number>,
  argv: readonly string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await command(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  });
  return { exitCode, stdout, stderr };
}
