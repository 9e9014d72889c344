import { runAuditCommand } from './audit-command.js';
import { type CommandIo, runCheckCommand } from './check-command.js';
import { runReplayCommand } from './replay-command.js';
import { runScanCommand } from './scan-command.js';
import { UsageError } from './usage-error.js';
import { readPackageVersion } from './version.js';

export const usage = `Usage: cors-dev-proxy <command> [options]

Commands:
  check <url> --origin <origin>   Predict, as Chromium would, whether a page on <origin> may call <url>
      --method M                  request method as the page writes it (default GET)
      --header "Name: value"      a request header the page sets (repeatable; -H)
      --credentials MODE          omit | same-origin | include (default same-origin, like fetch)
      --initiator fetch|xhr       who sends it (changes Chromium's wording; default fetch)
      --send-actual               also send a request that may change data (PUT, POST, DELETE, …)
      --framework NAME            print the fix for express, fastify, nestjs, koa, hono, nextjs, django,
                                  flask, fastapi, spring, aspnetcore, go or nginx
      --json                      one JSON object on stdout
      --timeout MS                per request (default 10000)
  replay <har> --origin <origin>  Judge every fetch/XHR call of a DevTools HAR against production,
                                  one line per request shape (sends preflights and GET/HEAD only)
      --target <url>              production API base; each call's path and query are appended
      --json                      one JSON object on stdout
      --timeout MS                per request (default 10000)

  scan <url> --origin <origin>    Audit a live API's CORS allowlist with crafted origins (null, look-alikes,
                                  http, subdomains, any site); sends OPTIONS preflights and GETs only
      --local-origin ORIGIN       the dev server's origin, e.g. http://localhost:5173
      --json                      one JSON object on stdout
      --timeout MS                per request (default 10000)

  audit                           Judge the request shapes recorded in development (.cors-dev-proxy/shapes.json)
                                  against production, with cors-dev-proxy.config.* (for CI)
      --config FILE               the config file (default: cors-dev-proxy.config.{ts,mts,js,mjs,json})
      --shapes FILE               the shapes file (default: .cors-dev-proxy/shapes.json)
      --root DIR                  the project root (default: the current directory)
      --json                      one JSON object on stdout

  --version, -v                   Print the version of cors-dev-proxy
  --help, -h                      Print this text

Exit status: check, replay, audit: 0 allowed, 1 blocked, 2 usage or network error, 3 undecided.
             scan: 0 nothing above low, 1 a finding of medium or above, 2 usage or network error.
Examples:
  cors-dev-proxy check https://api.example.com/orders --origin https://app.example.com --method PUT --header "Content-Type: application/json" --credentials include
  cors-dev-proxy scan https://api.example.com/orders --origin https://app.example.com --local-origin http://localhost:5173
  cors-dev-proxy replay session.har --origin https://app.example.com --target https://api.example.com
  cors-dev-proxy audit
`;

const commands = ['check', 'scan', 'replay', 'audit'] as const;

/**
 * One command's part of the usage text (`cors-dev-proxy check --help`): its lines, its example and its exit
 * statuses, cut from `usage` so that the two never disagree.
 */
export function commandUsage(command: (typeof commands)[number]): string {
  const lines = usage.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  ${command} `) || line === `  ${command}`);
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (block.length > 0 && (line.trim() === '' || /^ {2}[a-z-]/.test(line))) break;
    block.push(line);
  }
  const [synopsis = '', ...options] = block;
  const [, call = command, summary = ''] = /^ {2}(\S+(?: \S+)*?) {2,}(.*)$/.exec(synopsis) ?? [];
  // The summary's own continuation lines come before the first flag; a flag's come after it.
  const firstFlag = options.findIndex((line) => line.trimStart().startsWith('-'));
  const continued = firstFlag === -1 ? options : options.slice(0, firstFlag);
  const flags = firstFlag === -1 ? [] : options.slice(firstFlag);
  const exitLine =
    lines.find((line) => line.includes(`${command}`) && /^(Exit status:| {13})/.test(line)) ?? '';
  const example = lines.find((line) => line.startsWith(`  cors-dev-proxy ${command}`)) ?? '';
  return [
    `Usage: cors-dev-proxy ${call} [options]`,
    '',
    [summary, ...continued.map((line) => line.trim())].join(' '),
    '',
    'Options:',
    ...flags,
    '      --help, -h                  Print this text',
    '',
    exitLine.replace(/^ {13}/, 'Exit status: '),
    'Example:',
    example,
    '',
  ].join('\n');
}

/** The `cors-dev-proxy` command with its output injected (main.ts passes the process's), so tests run it in-process. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(usage);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === '--version' || command === '-v') {
      io.stdout(`${readPackageVersion()}\n`);
      return 0;
    }
    if (
      (commands as readonly string[]).includes(command) &&
      rest.some((arg) => arg === '--help' || arg === '-h')
    ) {
      io.stdout(commandUsage(command as (typeof commands)[number]));
      return 0;
    }
    if (command === 'check') return await runCheckCommand(rest, io);
    if (command === 'scan') return await runScanCommand(rest, io);
    if (command === 'replay') return await runReplayCommand(rest, io);
    if (command === 'audit') return await runAuditCommand(rest, io);
    throw new UsageError(
      `unknown command "${command}". Commands: check, scan, replay, audit (and --version, --help).`,
      'cors-dev-proxy check https://api.example.com/orders --origin https://app.example.com',
    );
  } catch (error) {
    if (error instanceof UsageError) {
      // One line: what is wrong, then a command that works.
      io.stderr(`[cors-dev-proxy] ${error.message}${error.example ? ` Example: ${error.example}` : ''}\n`);
      return 2;
    }
    io.stderr(`[cors-dev-proxy] unexpected failure: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}
