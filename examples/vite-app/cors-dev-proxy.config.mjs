// The shared cors-dev-proxy config: vite.config.ts calls corsDevProxy() with no options and reads this file,
// and so does `cors-dev-proxy audit --root examples/vite-app` in CI. scripts/dev.mjs sets BACKEND_URL to the
// example backend it started (port 8787 unless BACKEND_PORT says otherwise).
const backendUrl = process.env.BACKEND_URL ?? 'http://127.0.0.1:8787';

export default {
  routes: {
    '/api': { target: backendUrl, ws: true },
    // Nothing listens on port 9 (discard): requests here show the proxy's diagnostic 502 page.
    '/broken': { target: 'http://127.0.0.1:9', retryConnectMs: 0 },
  },
  // How the app runs in production: the backend's CORS policy is probed as https://app.example.com would meet
  // it, and every kind of request the page makes is judged against it.
  // /broken exists only here (a demonstration of the diagnostic page): nothing under it is audited.
  production: { origin: 'https://app.example.com', framework: 'express', targets: { '/broken': false } },
};
