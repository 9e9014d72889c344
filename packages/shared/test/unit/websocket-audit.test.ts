import { describe, expect, it } from 'vitest';
import { unrelatedOrigin } from '../../src/audit/crafted-origins.js';
import {
  productionSocketUrl,
  type WebSocketJudgement,
  websocketWarnings,
} from '../../src/audit/judge-websocket.js';
import { resolveOptions } from '../../src/index.js';

const options = resolveOptions({
  routes: {
    '/api': 'http://127.0.0.1:8080',
    '/socket': { target: 'ws://127.0.0.1:3000', ws: true },
    '/live': { target: 'http://127.0.0.1:3001', ws: true, rewrite: '' },
  },
  production: {
    origin: 'https://app.example.com',
    targets: { '/live': 'wss://live.example.com/v2' },
  },
});

describe('WebSocket routes in the audit', () => {
  it('are the routes written with ws:// or wss:// (dev or production target)', () => {
    expect([...(options.production?.websocketRoutes ?? [])].sort()).toEqual(['/live', '/socket']);
    expect(options.routes.find((route) => route.prefix === '/socket')?.websocketOnly).toBe(true);
    // The handshake itself is an http(s) request to the same place.
    expect(options.production?.targets.get('/live')?.href).toBe('https://live.example.com/v2');
  });

  it('open production sockets at the route’s mapping, blanking secret-looking query values', () => {
    const live = options.routes.find((route) => route.prefix === '/live');
    const url = productionSocketUrl(
      '/live/feed?EIO=4&transport=websocket&token=abc&api_key=k',
      live!,
      options.production!,
    );
    expect(url.href).toBe('wss://live.example.com/v2/feed?EIO=4&transport=websocket&token=&api_key=');
  });
});

describe('websocketWarnings', () => {
  const judgement = (production: number, unrelated: number): WebSocketJudgement => ({
    prefix: '/socket',
    pathPattern: '/socket/rooms/:id',
    url: 'wss://api.example.com/socket/rooms/1',
    fromProduction: { status: production, accepted: production === 101 },
    fromUnrelated: { status: unrelated, accepted: unrelated === 101 },
  });
  const messages = (production: number, unrelated: number, cookies = false) =>
    websocketWarnings(judgement(production, unrelated), 'https://app.example.com', cookies).map(
      (warning) => warning.message,
    );

  it('says nothing when production accepts the app and refuses other sites', () => {
    expect(messages(101, 403)).toEqual([]);
  });

  it('quotes Chromium’s handshake failure, with no CORS advice, when production refuses the app', () => {
    const [message] = messages(403, 101);
    expect(message).toContain(
      "will fail: WebSocket connection to 'wss://api.example.com/socket/rooms/1' failed: Error during WebSocket handshake: Unexpected response code: 403.",
    );
    expect(message).toContain('refuses https://app.example.com in particular');
    expect(message).not.toContain('Access-Control');
  });

  it('does not blame the Origin check when production answers every origin the same', () => {
    expect(messages(401, 401)[0]).toContain('if the socket needs authentication, this is expected');
  });

  it('grades a socket open to any site by whether the app’s socket carries cookies', () => {
    const [withCookies] = websocketWarnings(judgement(101, 101), 'https://app.example.com', true);
    expect(withCookies?.level).toBeUndefined();
    expect(withCookies?.message).toMatch(/^Security \(high\): .*hijacking/);
    expect(withCookies?.message).toContain(unrelatedOrigin);
    const [withoutCookies] = websocketWarnings(judgement(101, 101), 'https://app.example.com', false);
    expect(withoutCookies?.level).toBe('info');
  });
});
