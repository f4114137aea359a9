import type { Platform } from '../ports/identity.ts';

/** A person on a card: their chat identity, so a renderer on that platform can mention them. */
export interface CardPerson {
  readonly platform: Platform;
  readonly platformUserId: string;
}

/**
 * A person a line names, by the one display rule (`person-name.ts`): their Kubernetes
 * username, which every surface prints, and, when they acted from a chat, their chat
 * identity, so a renderer on that platform can put their mention beside the username.
 */
export interface NamedPerson {
  readonly username: string;
  readonly chat?: CardPerson;
}

/**
 * A line of plain text that names people (a card note, a thread line, a direct
 * message): plain strings, possibly hostile user text that each renderer escapes, and
 * {@link NamedPerson}s, in reading order. Renderers never look for names inside the
 * strings, so a reason that happens to contain a username gets no mention.
 */
export type PersonText = readonly (string | NamedPerson)[];

/** Builds a {@link PersonText} from a template: `` personText`Approved by ${named(bob)}` ``. */
export function personText(
  strings: TemplateStringsArray,
  ...values: readonly (string | NamedPerson)[]
): PersonText {
  const parts: (string | NamedPerson)[] = [];
  const push = (part: string | NamedPerson): void => {
    const last = parts[parts.length - 1];
    if (typeof part === 'string') {
      if (part === '') return;
      if (typeof last === 'string') parts[parts.length - 1] = last + part;
      else parts.push(part);
    } else parts.push(part);
  };
  strings.forEach((s, i) => {
    push(s);
    const value = values[i];
    if (value !== undefined) push(value);
  });
  return parts;
}

/** The line as plain text, each person by username alone: what a surface with no chat mention shows (the console). */
export function plainText(text: PersonText): string {
  return text.map((part) => (typeof part === 'string' ? part : part.username)).join('');
}
