/**
 * Teams' check of mentions, for a card's `msteams.entities` against its text, or a
 * message activity's `entities` against its `text`: every `<at>…</at>` in the text has
 * exactly one mention entity with the identical `text` and a `mentioned` person (an
 * ID Teams can resolve: `29:…`, an Entra object ID or a UPN, and a name); every entity
 * is shown by some `<at>…</at>` of the text; no `<at>` or `</at>` is left unpaired.
 */

const TAG = /<at(?![a-z])[^>]*>[\s\S]*?<\/at>/gi;
const STRAY = /<\/?at(?![a-z])/i;
const MENTION_ID =
  /^(?:29:[\w-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[^@\s]+@[^@\s]+)$/i;

/** Every mention problem, prefixed with `path` (where the entities are); empty when Teams would accept them. */
export function mentionProblems(texts: readonly string[], entities: unknown, path: string): string[] {
  if (entities !== undefined && !Array.isArray(entities)) return [`${path}: must be an array`];
  const problems: string[] = [];
  const byText = new Map<string, number>();
  (entities ?? []).forEach((entity: unknown, i: number) => {
    const problem = entityProblem(entity);
    if (problem) problems.push(`${path}[${i}]: ${problem}`);
    const text = (entity as { text?: unknown } | null)?.text;
    if (typeof text === 'string') byText.set(text, (byText.get(text) ?? 0) + 1);
  });
  const shown = new Set<string>();
  for (const text of texts) {
    for (const tag of text.match(TAG) ?? []) {
      shown.add(tag);
      const count = byText.get(tag) ?? 0;
      if (count !== 1) problems.push(`${path}: ${tag} has ${count} mention entities, needs exactly 1`);
    }
    if (STRAY.test(text.replace(TAG, '')))
      problems.push(`${path}: unpaired <at> or </at> in ${JSON.stringify(text)}`);
  }
  for (const text of byText.keys()) {
    if (!shown.has(text)) problems.push(`${path}: the entity ${text} is not in the text`);
  }
  return problems;
}

/** Every string of `node`: a card's texts (TextBlocks, facts, nested cards), found wherever they are. */
export function stringsOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsOf);
  return node && typeof node === 'object' ? Object.values(node).flatMap(stringsOf) : [];
}

function entityProblem(entity: unknown): string | undefined {
  const e = entity as Record<string, unknown> | null;
  if (!e || typeof e !== 'object' || Object.keys(e).sort().join() !== 'mentioned,text,type') {
    return 'must be exactly { type, text, mentioned }';
  }
  if (e.type !== 'mention') return 'type must be mention';
  if (typeof e.text !== 'string' || !/^<at>[\s\S]+<\/at>$/.test(e.text)) return 'text must be <at>…</at>';
  const m = e.mentioned as Record<string, unknown> | null;
  if (!m || typeof m !== 'object' || Object.keys(m).sort().join() !== 'id,name') {
    return 'mentioned must be exactly { id, name }';
  }
  if (typeof m.id !== 'string' || !MENTION_ID.test(m.id)) {
    return `mentioned.id ${JSON.stringify(m.id)} is not a Teams user ID, Entra object ID or UPN`;
  }
  if (typeof m.name !== 'string' || m.name === '') return 'mentioned.name must be a non-empty string';
  return undefined;
}
