import { corsDevProxy } from '@cors-dev-proxy/vite';
import { defineConfig } from 'vite';

const backendUrl = process.env.BACKEND_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  // No options: the plugin reads cors-dev-proxy.config.mjs next to this file (routes and production).
  plugins: [corsDevProxy()],
  define: {
    // Only the "direct" card calls it, to show what the browser does without the proxy (examples/page).
    __BACKEND_URL__: JSON.stringify(backendUrl),
  },
});
