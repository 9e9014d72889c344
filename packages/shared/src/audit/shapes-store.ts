import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HeaderLine } from '../cors/types.js';
import type { RequestShape } from './request-shape.js';

/** Where the shapes seen in development are kept, relative to the project root. Safe to commit. */
export const defaultShapesFile = '.cors-dev-proxy/shapes.json';

/**
 * Header values that decide whether a header is CORS-safelisted are kept; every other value is replaced by a
 * placeholder, so tokens and API keys never land in a committed file.
 */
const keptValues = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);

/** A shape as stored: the same fields, with header values redacted (see keptValues). */
type StoredShape = Omit<RequestShape, 'pageHeaders'> & { readonly headers: readonly HeaderLine[] };

interface ShapesFile {
  readonly version: 1;
  readonly note: string;
  readonly shapes: readonly StoredShape[];
}

function toStored(shape: RequestShape): StoredShape {
  return {
    key: shape.key,
    prefix: shape.prefix,
    method: shape.method,
    pathPattern: shape.pathPattern,
    // Ids in paths can be personal (user ids, e-mails in slugs): keep the pattern's shape, not the value.
    examplePath: shape.examplePath,
    unsafeHeaders: shape.unsafeHeaders,
    headers: shape.pageHeaders.map(
      ([name, value]) => [name, keptValues.has(name.toLowerCase()) ? value : 'x'] as const,
    ),
    credentials: shape.credentials,
    credentialsFrom: shape.credentialsFrom,
    ...(shape.pageCall ? { pageCall: shape.pageCall } : {}),
  };
}

function fromStored(stored: StoredShape): RequestShape {
  return {
    key: stored.key,
    prefix: stored.prefix,
    method: stored.method,
    pathPattern: stored.pathPattern,
    examplePath: stored.examplePath,
    unsafeHeaders: stored.unsafeHeaders,
    pageHeaders: stored.headers,
    credentials: stored.credentials,
    // Files written before the page script reported calls have no source: they were cookie guesses.
    credentialsFrom: stored.credentialsFrom ?? 'cookies',
    ...(stored.pageCall ? { pageCall: stored.pageCall } : {}),
  };
}

/** Reads the shapes file; a missing file is an empty list, a corrupt one an error naming the file. */
export async function readShapes(file: string): Promise<RequestShape[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as ShapesFile;
    if (!Array.isArray(parsed.shapes)) throw new Error('no "shapes" array');
    return parsed.shapes.map(fromStored);
  } catch (error) {
    throw new Error(
      `[cors-dev-proxy] ${file} is not a valid shapes file (${(error as Error).message}). Delete it; the dev server writes a new one as the app makes requests.`,
    );
  }
}

/** Writes atomically (temp file + rename), sorted by key so the file diffs cleanly in review. */
export async function writeShapes(file: string, shapes: Iterable<RequestShape>): Promise<void> {
  const content: ShapesFile = {
    version: 1,
    note: 'Request shapes seen by cors-dev-proxy in development; `cors-dev-proxy audit` and builds judge them against production. Safe to commit: header values other than content negotiation are redacted.',
    shapes: [...shapes].map(toStored).sort((a, b) => a.key.localeCompare(b.key)),
  };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
  await rename(temporary, file);
}

/** The shapes file of a project. */
export function shapesFilePath(root: string): string {
  return path.resolve(root, defaultShapesFile);
}
