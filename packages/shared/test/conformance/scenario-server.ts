import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HeaderLine, ObservedResponse } from '../../src/cors/types.js';
import { parseResponseHead } from '../../src/outbound/wire-format.js';
import type { Scenario, ScenarioResponse } from './scenario-types.js';

/** A request a scenario server received, exactly as it arrived, and what went back. */
export interface ReceivedRequest {
  /** The request line's method and target, byte for byte (`patch`, not `PATCH`). */
  readonly method: string;
  readonly url: string;
  /** Header lines in wire order, names and values as sent (for header-order calibration and byte comparison). */
  readonly headers: readonly HeaderLine[];
  /** The answer's status and header lines as written to the socket, Node's own `400 Bad Request` included. */
  answer?: ObservedResponse;
}

export interface ScenarioServers {
  /** Base URLs of the two API servers (cross-origin to each other and to the page). */
  readonly urls: { readonly a: string; readonly b: string };
  readonly pageOrigin: string;
  register(scenarios: readonly Scenario[]): void;
  /** URL of a scenario's hop: `<server>/s/<id>/<hop>`. */
  hopUrl(scenario: Scenario, hop: number): string;
  /**
   * What the server really answered the first request of this kind at this hop (the browser's: it runs first),
   * which is not always what the scenario meant to serve: Node answers a request its parser refuses (`patch`, a
   * control byte in a value) with a bare 400 before any handler runs. Undefined when no such request came.
   */
  servedResponse(scenario: Scenario, hop: number, kind: 'preflight' | 'actual'): ObservedResponse | undefined;
  received(): readonly ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Two API servers that behave like real Node backends — node:http with its strict parser, so what Node refuses
 * (a lower-case method, an unknown one, a control byte in a header value) gets Node's own bare 400 — and answer
 * each registered scenario as it says otherwise (raw header lines, duplicates kept), plus a blank page server the
 * browser loads as the requesting origin. All on loopback, port 0. The page is served as http://localhost:P and the
 * APIs as http://127.0.0.1:P: cross-origin, same address space.
 *
 * Every API socket is recorded both ways without changing what Node does: the request heads as they arrive, and
 * each response head as Node writes it (its head always starts a `write`), so the engine can be fed exactly
 * what the browser got.
 */
export async function startScenarioServers(): Promise<ScenarioServers> {
  const scenarios = new Map<string, Scenario>();
  const log: ReceivedRequest[] = [];
  let pageOrigin = '';
  const urls = { a: '', b: '' };

  const resolveResponse = (
    scenario: Scenario,
    hop: number,
    kind: 'preflight' | 'actual',
  ): ObservedResponse | undefined => {
    const definition: ScenarioResponse | undefined = scenario.hops[hop]?.[kind];
    if (!definition) return undefined;
    const headers: HeaderLine[] = definition.headers.map(([name, value]) => [
      name,
      value.replaceAll('{origin}', pageOrigin),
    ]);
    if (definition.redirectTo !== undefined) {
      const location = hopUrl(scenario, definition.redirectTo);
      headers.push([
        'Location',
        definition.redirectWithCredentials ? location.replace('://', '://user:secret@') : location,
      ]);
    }
    return { status: definition.status, headers };
  };
  const hopUrl = (scenario: Scenario, hop: number) =>
    `${urls[scenario.hops[hop]?.server ?? 'a']}/s/${scenario.id}/${hop}`;

  const apiHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = /^\/s\/([^/]+)\/(\d+)/.exec(req.url ?? '');
    const scenario = match ? scenarios.get(match[1] as string) : undefined;
    const response = scenario
      ? resolveResponse(scenario, Number(match?.[2]), req.method === 'OPTIONS' ? 'preflight' : 'actual')
      : undefined;
    req.resume();
    if (!response) {
      res.writeHead(404, ['Content-Type', 'text/plain']).end('no such scenario');
      return;
    }
    res.writeHead(response.status, [...response.headers.flat(), 'Content-Type', 'application/json']);
    res.end(response.status === 204 || req.method === 'HEAD' ? undefined : '{"ok":true}');
  };

  const record = (socket: Socket) => {
    const unanswered: ReceivedRequest[] = [];
    let incoming = Buffer.alloc(0);
    let bodyLeft = 0;
    // prependListener: ahead of Node's own parser, so a request is logged before its handler answers it.
    socket.prependListener('data', (chunk: Buffer) => {
      incoming = Buffer.concat([incoming, chunk]);
      for (;;) {
        if (bodyLeft > 0) {
          const skipped = Math.min(bodyLeft, incoming.length);
          incoming = incoming.subarray(skipped);
          bodyLeft -= skipped;
        }
        const end = incoming.indexOf('\r\n\r\n');
        if (end === -1 || bodyLeft > 0) return;
        const [line = '', ...fields] = incoming.subarray(0, end).toString('latin1').split('\r\n');
        incoming = incoming.subarray(end + 4);
        const headers = fields.map((field): HeaderLine => {
          const colon = field.indexOf(':');
          return [field.slice(0, colon), field.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')];
        });
        bodyLeft = Number(headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1] ?? 0);
        const [method = '', url = ''] = line.split(' ');
        const request: ReceivedRequest = { method, url, headers };
        log.push(request);
        unanswered.push(request);
      }
    });
    const write = socket.write;
    socket.write = function recordedWrite(this: Socket, chunk: unknown, ...rest: unknown[]) {
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array);
      if (bytes.subarray(0, 7).toString('latin1') === 'HTTP/1.') {
        const head = parseResponseHead(bytes);
        const request = unanswered.shift();
        if (request && head.kind === 'head') request.answer = head.response;
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Socket['write'];
  };

  // Strict on purpose (also under NODE_OPTIONS=--insecure-http-parser): a real backend's parser.
  const servers = [
    http.createServer({ insecureHTTPParser: false }, apiHandler),
    http.createServer({ insecureHTTPParser: false }, apiHandler),
  ];
  for (const server of servers) server.on('connection', record);
  const page = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>conformance</title>');
  });
  const listen = async (server: http.Server, host: string) => {
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as AddressInfo).port;
  };
  urls.a = `http://127.0.0.1:${await listen(servers[0] as http.Server, '127.0.0.1')}`;
  urls.b = `http://127.0.0.1:${await listen(servers[1] as http.Server, '127.0.0.1')}`;
  pageOrigin = `http://localhost:${await listen(page, '127.0.0.1')}`;

  return {
    urls,
    pageOrigin,
    register(list) {
      for (const scenario of list) scenarios.set(scenario.id, scenario);
    },
    hopUrl,
    servedResponse(scenario, hop, kind) {
      const path = `/s/${scenario.id}/${hop}`;
      return log.find(
        (request) =>
          (request.url === path || request.url.startsWith(`${path}?`)) &&
          (request.method === 'OPTIONS') === (kind === 'preflight') &&
          request.answer,
      )?.answer;
    },
    received: () => log,
    async close() {
      for (const server of [...servers, page]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
