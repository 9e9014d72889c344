import { clientScriptPath } from 'cors-dev-proxy/host';

const clientTag = `<script src="${clientScriptPath}"></script>`;

/**
 * The core's client script (warnings in the console, the page's own calls reported for the audit), as the
 * first script of the page: a classic script, so it runs before the app's module scripts and sees every
 * fetch/XHR they make. After `<meta charset>` when that opens the head (it must stay in the first 1024 bytes).
 */
export function injectClientScript(html: string): string {
  const head = /<head(?:\s[^>]*)?>(\s*<meta\s+charset[^>]*>)?/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return `${html.slice(0, at)}${clientTag}${html.slice(at)}`;
  }
  // No <head> (browsers create one): before the first script, or first of all.
  const script = html.search(/<script[\s>]/i);
  return script >= 0 ? `${html.slice(0, script)}${clientTag}${html.slice(script)}` : `${clientTag}${html}`;
}
