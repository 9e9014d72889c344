import { describe, expect, it } from 'vitest';
import {
  accessControlRequestHeaders,
  analyzeRequestHeaders,
  classifyHeader,
  isForbiddenHeader,
  normalizeMethod,
} from '../../src/cors/request-rules.js';

describe('request rules', () => {
  it('normalises only the six standard methods', () => {
    expect(normalizeMethod('delete')).toBe('DELETE');
    expect(normalizeMethod('patch')).toBe('patch');
    expect(normalizeMethod('Purge')).toBe('Purge');
  });

  it.each([
    ['Content-Type', 'text/plain; charset=utf-8', true],
    ['Content-Type', 'application/json', false],
    ['Content-Type', 'application/json, text/plain', false],
    ['Accept', 'a'.repeat(129), false],
    ['Accept', 'application/json', true],
    ['Content-Language', 'en/us', false],
    ['Range', 'bytes=0-', true],
    ['Range', 'bytes=-5', false],
    ['X-Api-Key', 'k', false],
  ])('%s: %s safelisted → %s', (name, value, safelisted) => {
    expect(classifyHeader(name, value).safelisted).toBe(safelisted);
  });

  it('knows Chromium’s extra safelisted client hints', () => {
    expect(classifyHeader('DPR', '2')).toEqual({ safelisted: true, chromiumExtra: true });
    expect(classifyHeader('Save-Data', 'maybe').safelisted).toBe(false);
  });

  it('drops forbidden headers, User-Agent included (Chromium)', () => {
    expect(isForbiddenHeader('Cookie', 'a=1')).toBe(true);
    expect(isForbiddenHeader('Sec-Foo', '1')).toBe(true);
    expect(isForbiddenHeader('X-HTTP-Method-Override', 'TRACE')).toBe(true);
    expect(isForbiddenHeader('X-HTTP-Method-Override', 'PUT')).toBe(false);
    const analysis = analyzeRequestHeaders([
      ['User-Agent', 'x'],
      ['X-B', '1'],
      ['X-A', '2'],
    ]);
    expect(analysis.dropped).toEqual(['user-agent']);
    expect(analysis.unsafeNames).toEqual(['x-b', 'x-a']);
    expect(accessControlRequestHeaders(analysis.unsafeNames)).toBe('x-a,x-b');
  });

  it('makes every safelisted header unsafe past 1024 bytes in total', () => {
    const analysis = analyzeRequestHeaders([
      ['Accept', 'a'.repeat(120)],
      ...Array.from(
        { length: 9 },
        (_, i) => ['Content-Language', `${'b'.repeat(110)}${i}`] as [string, string],
      ),
    ]);
    // Duplicates combine into one value that is then over 128 bytes: unsafe on its own.
    expect(analysis.unsafeNames).toContain('content-language');
    const spread = analyzeRequestHeaders([
      ['Accept', 'a'.repeat(128)],
      ['Accept-Language', 'b'.repeat(128)],
      ['Content-Language', 'c'.repeat(128)],
      ['Content-Type', `text/plain;${'d'.repeat(116)}`],
      ['DPR', '2'.repeat(128)],
      ['Viewport-Width', '3'.repeat(128)],
      ['RTT', '4'.repeat(128)],
      ['Width', '5'.repeat(128)],
      ['Downlink', '6'.repeat(128)],
    ]);
    expect(spread.unsafeNames).toHaveLength(9);
  });
});
