import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { CommandOutcome } from './command-outcome.ts';
import {
  doneReplyLines,
  explainReplyLines,
  listReplyLines,
  whoamiReplyLines,
  type LinesReply,
} from './command-reply-lines.ts';

/** How one surface draws each kind of command reply; list, whoami, explain and outcomes arrive as neutral lines. */
export interface CommandReplyRenderer<Reply> {
  filed(record: RequestRecord): Reply;
  stepUp(message: string, url: string): Reply;
  /** One request as `status ID` shows it: its card, without buttons. */
  status(record: RequestRecord, now: number): Reply;
  lines(reply: LinesReply): Reply;
  /** Help as written (the surface spells its commands). */
  help(text: string): Reply;
}

/**
 * A command's neutral outcome as one surface's private reply: the filing
 * confirmation or step-up link, a status card, the person's list, the one-line
 * outcome of cancel/extend/revoke, whoami, help, or what policy would do.
 */
export function commandReply<Reply>(outcome: CommandOutcome, render: CommandReplyRenderer<Reply>): Reply {
  switch (outcome.kind) {
    case 'filed':
      return render.filed(outcome.record);
    case 'step-up':
      return render.stepUp(outcome.message, outcome.url);
    case 'status':
      return render.status(outcome.record, outcome.now);
    case 'list':
      return render.lines(listReplyLines(outcome.open, outcome.grants, outcome.now));
    case 'changed':
      return render.lines(doneReplyLines(outcome.text));
    case 'whoami':
      return render.lines(whoamiReplyLines(outcome.person));
    case 'help':
      return render.help(outcome.text);
    case 'explain':
      return render.lines(explainReplyLines(outcome.title, outcome.cluster, outcome.decision));
  }
}
