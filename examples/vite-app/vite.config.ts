import { corsDevProxy } from '@cors-dev-proxy/vite';
import { defineConfig } from 'vite';

// scripts/dev.mjs sets BACKEND_URL to the example backend it started; 8787 is `pnpm --filter example-backend start`.
const backendUrl = process.env.BACKEND_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [
    corsDevProxy({
      routes: {
        '/api': { target: backendUrl, ws: true },
        // Nothing listens on port 9 (discard): requests here show the proxy's diagnostic 502 page.
        '/broken': 'http://127.0.0.1:9',
      },
      // How the app runs in production: the backend's CORS policy is probed as https://app.example.com
      // would meet it, and every kind of request the page makes is judged against it.
      production: { origin: 'https://app.example.com', framework: 'express' },
    }),
  ],
  define: {
    // Only the "direct" card uses it, to show what the browser does without the proxy.
    'import.meta.env.VITE_BACKEND_URL': JSON.stringify(backendUrl),
  },
});
