import { UserFacingError } from '../errors.ts';
import { fullChangeSize, type FullChange } from './full-change.ts';

/**
 * Largest full change filed, in characters of paths, old and new values and what is
 * sent (a patch, or a kubectl request's body) together, as shown. Every surface must
 * show all of it: a Teams card (about 28 KB, where one character may take 3 bytes)
 * carries it in its "Show full change" card, and a Slack modal (100 blocks of 3000
 * characters) in its view, escapes included.
 */
export const MAX_FULL_CHANGE_CHARS = 6_000;

/**
 * Refuses (`change_too_large`) a change too large for an approver to see whole on
 * every surface, and (`body_not_text`) a kubectl body that is not UTF-8 text, so
 * nothing is ever approved that a card could only show in part or not as it is.
 */
export function refuseUnshowableChange(change: FullChange): void {
  if (change.call?.notText) {
    throw new UserFacingError(
      'body_not_text',
      `This request's body (${change.call.bytes} bytes) is not UTF-8 text, so approvers cannot be shown it exactly. ` +
        'Nothing was filed: send it as JSON or YAML text.',
    );
  }
  const size = fullChangeSize(change);
  if (size <= MAX_FULL_CHANGE_CHARS) return;
  const what =
    change.kind === 'api'
      ? `This request's body is ${change.call?.bytes ?? size} bytes, ${size} characters as the card's full view shows it`
      : `This patch changes ${change.paths.length} ${change.paths.length === 1 ? 'path' : 'paths'} and its full change ` +
        `(every changed path with its old and new value, and the patch) is ${size} characters`;
  const split =
    change.kind === 'api'
      ? 'make the object smaller (client-side kubectl apply also copies it into an annotation; --server-side does not)'
      : 'split it into smaller patches';
  throw new UserFacingError(
    'change_too_large',
    `${what}; the limit is ${MAX_FULL_CHANGE_CHARS}, so that approvers can see all of it on the card. ` +
      `Nothing was filed: ${split}.`,
  );
}
