import { joinWithin } from '../../../core/cards/join-within.ts';
import { normaliseText } from '../../../core/cards/normalise-text.ts';
import type { CardPerson, PersonText } from '../../../core/cards/person-text.ts';
import type { AdaptiveCard, TeamsMention } from './adaptive-card.ts';
import { escapeCardText } from './escape-card-text.ts';

/** An Entra object ID (a GUID): the Teams identity a person acted from, and the ID Teams mentions them by. */
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = { maxLines: 1, maxLength: 200 } as const;
const WHOLE = { maxLines: Number.MAX_SAFE_INTEGER, maxLength: Number.MAX_SAFE_INTEGER } as const;
/** Indivisible pieces of rendered text: a mention beside a username, one character. */
const UNIT = / \(<at>[^\n]*?<\/at>\)|[\s\S]/gu;

/**
 * The Teams mentions of one card: a person is named by Kubernetes username and, when
 * they acted from Teams, their mention beside, `bob@example.com (<at>bob@example.com</at>)`,
 * whose entity ties it to their Entra object ID. User text cannot open a tag of its own.
 */
export class TeamsMentions {
  private readonly byText = new Map<string, TeamsMention>();

  /** ` (<at>username</at>)` for a person known on Teams, remembered for {@link on}; empty for anyone else, or for a second person with the same username. */
  beside(username: string, person: CardPerson | undefined): string {
    if (person?.platform !== 'teams' || !ENTRA_OBJECT_ID.test(person.platformUserId)) return '';
    const name = escapeCardText(username, NAME);
    const text = `<at>${name}</at>`;
    const known = this.byText.get(text);
    if (known && known.mentioned.id !== person.platformUserId) return '';
    this.byText.set(text, { type: 'mention', text, mentioned: { id: person.platformUserId, name } });
    return ` (${text})`;
  }

  /** A line that names people, escaped, each with their mention beside, cut with `…` never inside a mention. */
  text(line: PersonText, limits: { maxLines: number; maxLength: number }): string {
    const segments = [''];
    for (const part of line) {
      const at = segments.length - 1;
      if (typeof part === 'string') segments[at] += escapePiece(part);
      else {
        segments[at] += escapeCardText(part.username, NAME);
        const mention = this.beside(part.username, part.chat);
        if (mention !== '') segments.push(mention, '');
      }
    }
    const rendered = segments.map((segment, i) => (i % 2 === 1 ? segment : inertJoins(segment))).join('');
    return joinWithin(normaliseText(rendered, limits.maxLines).match(UNIT) ?? [], limits.maxLength);
  }

  /** `card` with `msteams.entities` for each mention its text still shows (a cut or dropped note takes its own along). */
  on(card: AdaptiveCard): AdaptiveCard {
    const shown = stringsOf([card.body, card.actions]);
    const entities = [...this.byText.values()].filter((m) => shown.some((text) => text.includes(m.text)));
    return entities.length > 0 ? { ...card, msteams: { entities } } : card;
  }
}

/** One plain piece, escaped; escaping trims line ends, so the space before the next piece is put back. */
function escapePiece(piece: string): string {
  const escaped = escapeCardText(piece, WHOLE);
  return / $/.test(piece) ? `${escaped} ` : escaped;
}

/** Escaped pieces side by side: a `{{` or an `<at>` tag their join could form is made inert too. */
function inertJoins(text: string): string {
  return text.replace(/\{\{/g, '\uff5b{').replace(/<(?=\/?at(?![a-z]))/gi, '\u2039');
}

function stringsOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsOf);
  return node && typeof node === 'object' ? Object.values(node).flatMap(stringsOf) : [];
}
