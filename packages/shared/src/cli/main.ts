#!/usr/bin/env node
// The bin: the process's streams in, the exit status out. Everything else is in run-cli.ts.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  ...(process.stderr.isTTY ? { progress: { write: (text: string) => process.stderr.write(text) } } : {}),
});
