import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * The 1-based line of the YAML node at `path`, or of its nearest existing ancestor
 * when the path names something missing (a required field), so a message can point
 * at the right place. For a map entry it is the line of the key.
 */
export function lineOfPath(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  let node: unknown = document.contents;
  let found: Node | undefined = document.contents ?? undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      if (isScalar(pair.key)) found = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined || item === null) break;
      node = item;
      if (isScalar(item) || isMap(item) || isSeq(item)) found = item;
    } else {
      break;
    }
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
