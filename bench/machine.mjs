/** What a result was measured on, printed at the top of every run and stored in the JSON. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { ng22HostDirs, packageVersion, repoRoot, wds6HostDirs } from './resolve-package.mjs';

export function describeMachine() {
  const cpus = os.cpus();
  /** @param {string[]} args */
  const git = (args) => {
    try {
      return execFileSync('git', args, {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return undefined;
    }
  };
  const dirty = git(['status', '--porcelain', '--', 'packages']);
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
    commit: `${git(['rev-parse', '--short', 'HEAD']) ?? 'unknown'}${dirty ? ' + uncommitted changes in packages/' : ''}`,
    versions: {
      vite: packageVersion('vite'),
      autocannon: packageVersion('autocannon'),
      ws: packageVersion('ws'),
      // The webpack rows' host: test/webpack-hosts/wds6, not the root (webpack is no dependency of the bench).
      webpack: packageVersion('webpack', wds6HostDirs) ?? 'not installed',
      'webpack-dev-server': packageVersion('webpack-dev-server', wds6HostDirs) ?? 'not installed',
      // The Angular rows' host: test/angular-hosts/ng22.
      '@angular/build': packageVersion('@angular/build', ng22HostDirs) ?? 'not installed',
    },
  };
}

/** @param {ReturnType<typeof describeMachine>} machine */
export function formatMachine(machine) {
  return [
    `- date: ${machine.date}`,
    `- CPU: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.os}; load average at start ${machine.loadAverage}`,
    `- Node ${machine.node}; ${Object.entries(machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    `- repository: ${machine.commit}`,
  ].join('\n');
}
