import { UserFacingError } from '../errors.ts';
import { fullChangeSize, type FullChange } from './full-change.ts';

/**
 * Largest full change filed, in characters of paths, old and new values and patch
 * together. Every surface must show all of it: a Teams card (about 28 KB, where one
 * character may take 3 bytes) carries it in its "Show full change" card, and a Slack
 * modal (100 blocks of 3000 characters) in its view, escapes included.
 */
export const MAX_FULL_CHANGE_CHARS = 6_000;

/**
 * Refuses (`change_too_large`) a change too large for an approver to see whole on
 * every surface, so nothing is ever approved that a card could only show in part.
 */
export function refuseUnshowableChange(change: FullChange): void {
  const size = fullChangeSize(change);
  if (size <= MAX_FULL_CHANGE_CHARS) return;
  throw new UserFacingError(
    'change_too_large',
    `This patch changes ${change.paths.length} ${change.paths.length === 1 ? 'path' : 'paths'} and its full change ` +
      `(every changed path with its old and new value, and the patch) is ${size} characters; ` +
      `the limit is ${MAX_FULL_CHANGE_CHARS}, so that approvers can see all of it on the card. ` +
      'Nothing was filed: split it into smaller patches.',
  );
}
