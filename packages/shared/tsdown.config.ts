import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.shared.ts';

// Three entries: the library, the host kit (`cors-dev-proxy/host`) and the `cors-dev-proxy` command (the bin).
export default defineConfig({
  ...packageBuild,
  entry: { index: 'src/index.ts', host: 'src/host/index.ts', cli: 'src/cli/main.ts' },
});
