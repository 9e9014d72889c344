import { describe, expect, it } from 'vitest';
import { nodeStyleHeaders } from '../../src/proxy/upstream-headers.js';

/** Header lines as undici hands them over: name, value, name, value… as bytes. */
const lines = (...fields: string[]) => fields.map((field) => Buffer.from(field, 'latin1'));

describe('nodeStyleHeaders', () => {
  it('reads names in lower case and values as the bytes that were sent', () => {
    expect(
      nodeStyleHeaders(lines('Content-Type', 'application/json', 'X-Name', 'caf\u00e9', 'ETag', '"1"'), 200),
    ).toEqual({ 'content-type': 'application/json', 'x-name': 'caf\u00e9', etag: '"1"' });
  });

  it("leaves out the fields about the upstream's connection", () => {
    const headers = nodeStyleHeaders(
      lines(
        'Connection',
        'close',
        'Transfer-Encoding',
        'chunked',
        'Keep-Alive',
        'timeout=5',
        'Proxy-Connection',
        'close',
        'Proxy-Authenticate',
        'Basic',
        'TE',
        'trailers',
        'Trailer',
        'X-Checksum',
        'Upgrade',
        'h2c',
        'X-Kept',
        'yes',
      ),
      200,
    );
    expect(headers).toEqual({ 'x-kept': 'yes' });
  });

  it('leaves out the fields the Connection header names, wherever they come', () => {
    expect(
      nodeStyleHeaders(
        lines('X-Internal-Route', 'blue', 'Connection', 'close, X-Internal-Route', 'X-Kept', 'yes'),
        200,
      ),
    ).toEqual({ 'x-kept': 'yes' });
    expect(
      nodeStyleHeaders(lines('Connection', 'Keep-Alive', 'Connection', 'x-a', 'X-A', '1', 'X-B', '2'), 200),
    ).toEqual({ 'x-b': '2' });
  });

  it('keeps Upgrade on a 101, where it names the protocol switched to', () => {
    expect(nodeStyleHeaders(lines('Upgrade', 'websocket', 'Connection', 'Upgrade'), 101)).toEqual({
      upgrade: 'websocket',
    });
  });

  it('joins repeated fields as Node does: Set-Cookie a list, single-valued fields first wins', () => {
    expect(
      nodeStyleHeaders(
        lines(
          'Set-Cookie',
          'a=1',
          'Vary',
          'Origin',
          'set-cookie',
          'b=2',
          'vary',
          'Accept',
          'Content-Length',
          '2',
          'Content-Length',
          '3',
          'Location',
          '/first',
          'Location',
          '/second',
        ),
        200,
      ),
    ).toEqual({
      'set-cookie': ['a=1', 'b=2'],
      vary: 'Origin, Accept',
      'content-length': '2',
      location: '/first',
    });
  });
});
