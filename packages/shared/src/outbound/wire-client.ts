import net from 'node:net';
import tls from 'node:tls';
import { envProxyUrlFor } from './env-proxy.js';
import {
  formatConnectHead,
  formatRequestHead,
  isInformational,
  parseResponseHead,
  proxyAuthorizationFor,
  type WireRequest,
} from './wire-format.js';
import type { ObservedResponse } from './wire-types.js';

/** A request that never got an HTTP answer (refused, DNS, TLS, timeout): no CORS verdict is possible. */
export class NetworkFailure extends Error {
  constructor(
    readonly url: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface WireOptions {
  /** For the whole exchange, connecting included. */
  readonly timeoutMs: number;
  /** Extra CAs for https targets. */
  readonly ca?: string | Buffer | Array<string | Buffer>;
  /** How the request is named in a failure message, e.g. `OPTIONS https://api.example.com/orders`. */
  readonly label: string;
}

/**
 * Sends one bodiless request with exactly the bytes `formatRequestHead` gives (see wire-format.ts for why not
 * `http.request`) and resolves with the response's status and header lines once the head has arrived; the body
 * is never read (CORS does not depend on it) and the connection is closed. HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * are honoured as for the proxy's own upstream requests (env-proxy.ts): https through a CONNECT tunnel with TLS
 * checked end to end, http in absolute form, as Chromium sends them to a forward proxy.
 */
export function sendOnWire(request: WireRequest, options: WireOptions): Promise<ObservedResponse> {
  const proxy = envProxyUrlFor(request.url);
  const secureTarget = request.url.protocol === 'https:';
  const sockets: net.Socket[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fail = (code: string, reason: string) =>
    new NetworkFailure(request.url.href, code, `${options.label} failed: ${reason}`);

  const exchange = async (): Promise<ObservedResponse> => {
    let socket: net.Socket;
    if (!proxy) {
      socket = connect(request.url, secureTarget, options.ca);
    } else {
      socket = connect(proxy, proxy.protocol === 'https:', undefined);
      if (secureTarget) {
        sockets.push(socket);
        const tunnel = await exchangeHead(
          socket,
          formatConnectHead(request.url, proxyAuthorizationFor(proxy)),
        );
        if (tunnel.status < 200 || tunnel.status > 299) {
          // Chromium: net::ERR_TUNNEL_CONNECTION_FAILED, the proxy's answer is never shown to the page.
          throw fail(
            'ERR_TUNNEL_CONNECTION_FAILED',
            `the proxy ${proxy.origin} answered ${tunnel.status} to CONNECT`,
          );
        }
        socket = tls.connect({ socket, ...tlsOptions(request.url, options.ca) }).on('error', () => undefined);
      }
    }
    sockets.push(socket);
    const viaHttpProxy = proxy !== undefined && !secureTarget;
    return exchangeHead(
      socket,
      formatRequestHead(
        request,
        viaHttpProxy ? { proxyAuthorization: proxyAuthorizationFor(proxy) } : undefined,
      ),
    );
  };

  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(fail('ETIMEDOUT', `no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
  });
  return Promise.race([exchange(), timeout])
    .catch((error: NodeJS.ErrnoException) => {
      throw error instanceof NetworkFailure ? error : fail(error.code ?? 'ERR_FAILED', error.message);
    })
    .finally(() => {
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
    });
}

function connect(url: URL, secure: boolean, ca: WireOptions['ca']): net.Socket {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (secure ? 443 : 80);
  const socket = secure ? tls.connect({ host, port, ...tlsOptions(url, ca) }) : net.connect({ host, port });
  // Errors before the answer are the exchange's (exchangeHead); one after it (a reset while closing) is not.
  return socket.on('error', () => undefined);
}

function tlsOptions(url: URL, ca: WireOptions['ca']): tls.ConnectionOptions {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { ...(net.isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) };
}

/** Writes `head` and reads the first final (non-1xx) response head; leaves the socket open. */
function exchangeHead(socket: net.Socket, head: Buffer): Promise<ObservedResponse> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const finish = (error: Error | undefined, response?: ObservedResponse) => {
      socket.off('data', onData).off('end', onEnd).off('error', onError);
      if (error) reject(error);
      else resolve(response as ObservedResponse);
    };
    const read = (ended: boolean) => {
      for (;;) {
        const result = parseResponseHead(buffer, ended);
        if (result.kind === 'incomplete') return;
        if (result.kind === 'invalid') {
          finish(Object.assign(new Error(result.reason), { code: result.code }));
          return;
        }
        buffer = buffer.subarray(result.length);
        if (!isInformational(result.response.status)) {
          finish(undefined, result.response);
          return;
        }
      }
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      read(false);
    };
    const onEnd = () => read(true);
    const onError = (error: Error) => finish(error);
    socket.on('data', onData).on('end', onEnd).on('error', onError);
    socket.write(head);
  });
}
