import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.shared.ts';

// Two entries: the library, and the `cors-dev-proxy` command (dist/cli.mjs, the package's bin).
export default defineConfig({ ...packageBuild, entry: { index: 'src/index.ts', cli: 'src/cli/main.ts' } });
