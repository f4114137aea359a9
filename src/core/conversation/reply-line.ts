import type { Channels } from '../policy/decision.ts';

/** How much of a piece of user or policy text a renderer keeps: lines, then characters. */
export interface ReplyTextLimit {
  readonly maxLines: number;
  readonly maxLength: number;
}

/**
 * A piece of a reply line, in no surface's markup:
 * - a bare string is our own fixed words, shown as they are;
 * - `text` is user or policy text, escaped by the renderer and cut to `limit`
 *   (one line of 300 characters unless it says otherwise);
 * - `strong` is user text the surface may emphasise (a request's title);
 * - `code` is a literal (an ID, a cluster, a group), a code span where the surface has one;
 * - `command` is command text (`cancel cs-…`), spelled as the reader types it;
 * - `time` is an instant (ms), shown in the reader's zone where the surface can;
 * - `channels` is where policy asks the approvers, named by the surfaces that can link
 *   their own channels (` in #a, #b`) and left out by the others.
 */
export type ReplySpan =
  | string
  | { readonly text: string; readonly limit?: ReplyTextLimit }
  | { readonly strong: string }
  | { readonly code: string }
  | { readonly command: string }
  | { readonly time: number }
  | { readonly channels: Channels };

/** What a line reports, for a surface that marks it (Slack with an emoji; Teams and the console leave it). */
export type ReplyMark = 'done' | 'refused' | 'waiting' | 'break-glass';

/** One line of a reply to one person: its pieces, and whether it heads what follows or reports an outcome. */
export interface ReplyLine {
  readonly spans: readonly ReplySpan[];
  readonly heading?: boolean;
  readonly mark?: ReplyMark;
}
