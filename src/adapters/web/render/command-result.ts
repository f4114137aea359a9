import { onCallNotes } from '../../../core/cards/on-call-notes.ts';
import { plainText } from '../../../core/cards/person-text.ts';
import { requestTitle } from '../../../core/cards/request-title.ts';
import type { CommandOutcome } from '../../../core/conversation/command-outcome.ts';
import { CONSOLE_SPELLING, spellCommands } from '../../../core/conversation/command-spelling.ts';
import { whoamiReplyLines, explainReplyLines } from '../../../core/conversation/command-reply-lines.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { renderReplyLines } from './render-reply-lines.ts';
import { html, type SafeHtml } from '../../http/safe-html.ts';

/** What the console does after a command: go to a page (with a message), or show an answer in place. */
export type CommandResult =
  | {
      readonly kind: 'redirect';
      readonly location: string;
      readonly message?: string;
      readonly changed?: Pick<RequestRecord, 'id' | 'version'>;
    }
  | { readonly kind: 'answer'; readonly title: string; readonly body: SafeHtml };

/**
 * A command's neutral outcome the console's way: filing, status, cancel, extend and
 * revoke go to the request's page (or to the step-up sign-in first), `list` to the
 * person's list, each with the sentence saying what happened; whoami, help and explain
 * answer in place in the core's neutral lines, commands spelled as the console takes them.
 */
export function commandResult(outcome: CommandOutcome): CommandResult {
  const toRequest = (record: RequestRecord, message?: string): CommandResult => ({
    kind: 'redirect',
    location: CONSOLE_PATHS.request(record.id),
    ...(message === undefined ? {} : { message, changed: { id: record.id, version: record.version } }),
  });
  switch (outcome.kind) {
    case 'step-up':
      return { kind: 'redirect', location: outcome.url, message: `${outcome.message} Opening the sign-in…` };
    case 'filed': {
      const { record } = outcome;
      const filed = `Filed ${record.id}: ${requestTitle(record.request)}.`;
      return toRequest(record, [filed, ...onCallNotes(record).map(plainText)].join(' '));
    }
    case 'status':
      return toRequest(outcome.record);
    case 'list':
      return { kind: 'redirect', location: CONSOLE_PATHS.mine };
    case 'changed':
      return toRequest(outcome.outcome.record, outcome.text);
    case 'whoami': {
      const lines = whoamiReplyLines(outcome.person);
      return { kind: 'answer', title: 'Who you are to Kubernetes', body: renderReplyLines(lines) };
    }
    case 'help':
      return {
        kind: 'answer',
        title: 'Help',
        body: html`<pre>${spellCommands(outcome.text, CONSOLE_SPELLING)}</pre>`,
      };
    case 'explain': {
      const lines = explainReplyLines(outcome.title, outcome.cluster, outcome.decision);
      return { kind: 'answer', title: 'What policy would do', body: renderReplyLines(lines) };
    }
  }
}
