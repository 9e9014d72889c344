import type { CommandIo } from './check-command.js';
import { UsageError } from './usage-error.js';

// Placeholder until the `audit` command lands (issue 4); the dispatcher in main.ts already routes to it.
export async function runAuditCommand(_argv: readonly string[], _io: CommandIo): Promise<number> {
  throw new UsageError('the audit command is not available yet.');
}
