import { describe, expect, it } from 'vitest';
import { injectClientScript } from '../../src/index-html.js';

const tag = '<script src="/__cors-dev-proxy/client.js"></script>';

describe('the client script in index.html', () => {
  it('opens the head, so it runs before the app’s scripts', () => {
    expect(injectClientScript('<html><head><title>x</title></head><body></body></html>')).toBe(
      `<html><head>${tag}<title>x</title></head><body></body></html>`,
    );
    expect(injectClientScript('<head lang="en">\n<base href="/">')).toBe(
      `<head lang="en">${tag}\n<base href="/">`,
    );
  });

  it('keeps <meta charset> first', () => {
    expect(injectClientScript('<head>\n  <meta charset="utf-8">\n  <title>x</title>')).toBe(
      `<head>\n  <meta charset="utf-8">${tag}\n  <title>x</title>`,
    );
  });

  it('goes before the first script when there is no <head>, else first', () => {
    expect(injectClientScript('<app-root></app-root><script src="main.js"></script>')).toBe(
      `<app-root></app-root>${tag}<script src="main.js"></script>`,
    );
    expect(injectClientScript('<p>x</p>')).toBe(`${tag}<p>x</p>`);
    expect(injectClientScript('<header></header>')).toBe(`${tag}<header></header>`);
  });
});
