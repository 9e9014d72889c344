import {
  applyEdits,
  createScanner,
  findNodeAtLocation,
  type JSONPath,
  modify,
  type Node,
  parseTree,
} from 'jsonc-parser';

/**
 * Edits of a JSON-with-comments file that leave the rest of it as the user wrote it: jsonc-parser's own
 * removal takes the comments before the next member with it and, with formatting on, reformats the whole
 * container, so removal is done here, line-wise.
 */

/** The file's own indentation (two spaces when it has none). */
export function indentOf(text: string): number {
  return /^( +)\S/m.exec(text)?.[1]?.length ?? 2;
}

/** Sets the value at `path` (creating the property), formatted with the file's indentation. */
export function setAt(text: string, path: JSONPath, value: unknown): string {
  const formattingOptions = { insertSpaces: !/^\t/m.test(text), tabSize: indentOf(text) };
  return applyEdits(text, modify(text, path, value, { formattingOptions }));
}

/**
 * The text without the members (object properties or array elements) at `paths`: whole lines where a member has
 * its lines to itself, with its comma; comments on other lines stay. Paths that do not exist are ignored.
 */
export function removeAt(text: string, paths: readonly JSONPath[]): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return text;
  const members = paths
    .map((path) => memberAt(root, path))
    .filter((member): member is Node => member !== undefined);
  const removed = new Set(members);
  const ranges = members.map((member) => rangeOf(text, member, removed));
  ranges.sort((a, b) => a[0] - b[0]);
  // Removing a container's last member takes the comma before it, which overlaps a removed neighbour's range.
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let result = text;
  for (const [start, end] of merged.reverse()) result = result.slice(0, start) + result.slice(end);
  return result;
}

/** The property node (for an object) or the element node (for an array) at `path`. */
function memberAt(root: Node, path: JSONPath): Node | undefined {
  const value = findNodeAtLocation(root, path);
  if (!value) return undefined;
  return value.parent?.type === 'property' ? value.parent : value;
}

function rangeOf(text: string, member: Node, removed: ReadonlySet<Node>): [number, number] {
  const siblings = member.parent?.children ?? [member];
  const index = siblings.indexOf(member);
  const end = member.offset + member.length;
  const next = siblings[index + 1];
  if (next) {
    const comma = tokenAfter(text, end);
    const lineStart = text.lastIndexOf('\n', member.offset - 1) + 1;
    const eol = text.indexOf('\n', comma + 1);
    const ownLines =
      text.slice(lineStart, member.offset).trim() === '' &&
      eol !== -1 &&
      text.slice(comma + 1, eol).trim() === '';
    return ownLines ? [lineStart, eol + 1] : [member.offset, next.offset];
  }
  // The last member: from the comma after the last member that stays before it (none: the container empties).
  const kept = siblings.slice(0, index).findLast((sibling) => !removed.has(sibling));
  if (!kept) {
    const open = member.parent ? member.parent.offset + 1 : member.offset;
    return [open, end];
  }
  return [tokenAfter(text, kept.offset + kept.length), end];
}

/** The offset of the first token after `offset`, past whitespace and comments (the comma after a member). */
function tokenAfter(text: string, offset: number): number {
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  // With ignoreTrivia the scanner skips whitespace, line breaks and comments alike.
  scanner.scan();
  return scanner.getTokenOffset();
}
