import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

export interface ProxyConfigFile {
  /** The file's name as the user wrote it, for messages (`proxy.conf.json`). */
  readonly label: string;
  /** Its entries: an object keyed by path, or an array of `{ context, target, … }`. */
  readonly entries: unknown;
}

/**
 * Reads the user's `proxyConfig` the way Angular does (JSON with comments, or a .js/.mjs/.cjs module whose
 * default export is the config), with our own reader: Angular's `loadProxyConfiguration` is in its private entry.
 * Relative to the workspace root, as Angular resolves it. Angular reports a missing or broken file itself when
 * it starts its own proxy, so this only throws with what was wrong, for the caller to name.
 */
export async function readProxyConfigFile(
  workspaceRoot: string,
  proxyConfig: string,
): Promise<ProxyConfigFile> {
  const file = path.resolve(workspaceRoot, proxyConfig);
  const label = path.basename(file);
  if (/\.[cm]?js$/.test(file)) {
    const loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return { label, entries: loaded.default ?? loaded };
  }
  const errors: ParseError[] = [];
  const entries: unknown = parse(await readFile(file, 'utf8'), errors, { allowTrailingComma: true });
  const [first] = errors;
  if (first) throw new Error(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  return { label, entries };
}
