import type { CommandIo } from './check-command.js';
import { UsageError } from './usage-error.js';

// Placeholder until the `replay` command lands (issue 4); the dispatcher in main.ts already routes to it.
export async function runReplayCommand(_argv: readonly string[], _io: CommandIo): Promise<number> {
  throw new UsageError('the replay command is not available yet.');
}
