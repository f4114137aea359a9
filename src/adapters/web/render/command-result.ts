import { onCallNotes } from '../../../core/cards/on-call-notes.ts';
import { plainText } from '../../../core/cards/person-text.ts';
import { requestTitle } from '../../../core/cards/request-title.ts';
import type { CommandOutcome } from '../../../core/conversation/command-outcome.ts';
import { CONSOLE_SPELLING, spellCommands } from '../../../core/conversation/command-spelling.ts';
import { whoamiReplyLines, explainReplyLines } from '../../../core/conversation/command-reply-lines.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { renderReplyLines } from './render-reply-lines.ts';
import { html, type SafeHtml } from './safe-html.ts';

/** What the console does after a command: go to a page (with a message), or show an answer in place. */
export type CommandResult =
  | {
      readonly kind: 'redirect';
      readonly location: string;
      readonly message?: string;
      readonly changed?: { id: string; version: number };
    }
  | { readonly kind: 'answer'; readonly title: string; readonly body: SafeHtml };

/**
 * A command's neutral outcome the console's way: a filed request sends the person to
 * its page (or to the step-up sign-in first); `status` and `list` go to the request or
 * the person's list; cancel, extend and revoke go to the request with the sentence
 * saying what happened; `whoami`, `help` and `explain` answer in place, in the same
 * neutral lines Slack and Teams show (`core/conversation/command-reply-lines.ts`),
 * commands spelled as the console's command box takes them.
 */
export function commandResult(outcome: CommandOutcome): CommandResult {
  switch (outcome.kind) {
    case 'step-up':
      return { kind: 'redirect', location: outcome.url, message: `${outcome.message} Opening the sign-in…` };
    case 'filed': {
      const { record } = outcome;
      return {
        kind: 'redirect',
        location: CONSOLE_PATHS.request(record.id),
        message: [
          `Filed ${record.id}: ${requestTitle(record.request)}.`,
          ...onCallNotes(record).map(plainText),
        ].join(' '),
        changed: { id: record.id, version: record.version },
      };
    }
    case 'status':
      return { kind: 'redirect', location: CONSOLE_PATHS.request(outcome.record.id) };
    case 'list':
      return { kind: 'redirect', location: CONSOLE_PATHS.mine };
    case 'changed': {
      const { record } = outcome.outcome;
      return {
        kind: 'redirect',
        location: CONSOLE_PATHS.request(record.id),
        message: outcome.text,
        changed: { id: record.id, version: record.version },
      };
    }
    case 'whoami':
      return {
        kind: 'answer',
        title: 'Who you are to Kubernetes',
        body: renderReplyLines(whoamiReplyLines(outcome.person)),
      };
    case 'help':
      return {
        kind: 'answer',
        title: 'Help',
        body: html`<pre>${spellCommands(outcome.text, CONSOLE_SPELLING)}</pre>`,
      };
    case 'explain':
      return {
        kind: 'answer',
        title: 'What policy would do',
        body: renderReplyLines(explainReplyLines(outcome.title, outcome.cluster, outcome.decision)),
      };
  }
}
