/**
 * Reference row for the stream workload: splice-relay.c, a TCP relay in C that never copies the bytes it
 * moves into user space. It shows how much of the direct throughput loopback on this machine leaves for any
 * proxy at all, with three processes on two cores; the minimal Node proxy then shows what Node's HTTP stack
 * costs on top. Built on first use with the system's C compiler (Linux only: splice(2)).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./splice-relay.c', import.meta.url));
const binary = fileURLToPath(new URL('../results/splice-relay', import.meta.url));

/** @type {import('./index.mjs').SystemDescriptor} */
export const spliceRelay = {
  id: 'splice',
  label: 'C splice relay (reference: TCP only, no copies)',
  file: 'splice-relay.mjs',
  proxiesWebSockets: true,
  // Its work happens in forked processes per connection: the wrapper's CPU and RSS would read as zero.
  measuresProcess: false,
  unavailableReason() {
    if (process.platform !== 'linux') return 'Linux only (splice)';
    return spawnSync('cc', ['--version']).status === 0 ? undefined : 'no C compiler (cc)';
  },
};

function build() {
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return;
  mkdirSync(path.dirname(binary), { recursive: true });
  const result = spawnSync('cc', ['-O2', '-o', binary, source], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cc failed to build splice-relay.c: ${result.stderr}`);
}

/** @param {{ upstreamUrl: string }} config */
export async function start({ upstreamUrl }) {
  build();
  // Its own process group, so stopping it also ends the per-connection processes.
  const relay = spawn(binary, ['0', new URL(upstreamUrl).port], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.once('exit', (code) => reject(new Error(`splice-relay exited with ${code}`)));
    relay.stdout.once('data', (data) => resolve(Number(String(data).trim())));
  });
  return {
    port: /** @type {number} */ (port),
    close: async () => {
      try {
        process.kill(-(/** @type {number} */ (relay.pid)), 'SIGKILL');
      } catch {}
    },
  };
}
