// The example backend doubles as the real upstream of every integration and browser test.
// @ts-expect-error -- plain ESM with JSDoc types, outside this package's TypeScript project
import { startBackend as startExampleBackend } from '../../../../examples/backend/src/server.mjs';

export interface RunningBackend {
  readonly url: string;
  readonly port: number;
  readonly server: import('node:http').Server;
  close(): Promise<void>;
}

export function startBackend(options: { host?: string; port?: number } = {}): Promise<RunningBackend> {
  return startExampleBackend(options);
}
