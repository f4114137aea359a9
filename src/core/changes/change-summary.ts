import type { FieldChange } from './field-change.ts';
import { visibleJson } from './visible-json.ts';

/** Changed paths a card lists itself; every one is in the full-change view. */
export const CARD_PATHS = 10;
/** Longest value a card line shows, in characters; the full-change view shows it whole. */
export const CARD_VALUE_CHARS = 60;

/**
 * The card's own lines for a patch: the first {@link CARD_PATHS} changed paths, each
 * `path: old → new` with values cut to {@link CARD_VALUE_CHARS}. What they leave out
 * is named by {@link changeNotice}.
 */
export function changeLines(changes: readonly FieldChange[]): string[] {
  return changes
    .slice(0, CARD_PATHS)
    .map((c) => `${visibleJson(c.path)}: ${shortValue(c.before)} → ${shortValue(c.after)}`);
}

/**
 * The line that says plainly how much of the change the card shows, e.g.
 * `12 changed paths; 10 shown, values shortened — Show full change has every path and the exact patch`.
 */
export function changeNotice(changes: readonly FieldChange[]): string {
  const shown = Math.min(changes.length, CARD_PATHS);
  const count = changes.length === 1 ? '1 changed path' : `${changes.length} changed paths`;
  const cut = changes.slice(0, CARD_PATHS).some((c) => isCut(c.before) || isCut(c.after));
  const parts = [shown < changes.length ? `${shown} shown` : undefined, cut ? 'values shortened' : undefined]
    .filter((p) => p !== undefined)
    .join(', ');
  const partial = parts === '' ? '' : `; ${parts}`;
  return `${count}${partial} — Show full change has every path with whole values and the exact patch`;
}

const isCut = (value: string | undefined): boolean => value !== undefined && value.length > CARD_VALUE_CHARS;

function shortValue(value: string | undefined): string {
  if (value === undefined) return 'unset';
  const shown = visibleJson(value);
  return isCut(value) ? `${shown.slice(0, CARD_VALUE_CHARS - 1)}…` : shown;
}
