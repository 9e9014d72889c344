import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageName = 'cors-dev-proxy';

/**
 * The installed package's version, read from its package.json at run time. The file is found by walking up from
 * this module, because where this module sits differs: `dist/cli.mjs` (or a chunk beside it) once built and
 * packed, `src/cli/version.ts` when tests run the source. Matching the name skips any other package.json on the
 * way (none today, but a bundler could inline this into a consumer's tree).
 */
export function readPackageVersion(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === packageName && typeof manifest.version === 'string') return manifest.version;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `no package.json named "${packageName}" above ${fileURLToPath(from)}; reinstall the package`,
  );
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
