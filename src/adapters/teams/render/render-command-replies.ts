import { buildApprovalCard } from '../../../core/cards/build-approval-card.ts';
import type { CommandOutcome } from '../../../core/conversation/command-outcome.ts';
import { commandReply } from '../../../core/conversation/command-reply.ts';
import type { LinesReply } from '../../../core/conversation/command-reply-lines.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';
import { renderCard } from './render-card.ts';
import { replyLineText } from './reply-line-text.ts';
import { renderRequestReply } from './render-request-reply.ts';
import { teamsSpelled } from './teams-example.ts';

const one = { maxLines: 1, maxLength: 300 } as const;
const MAX_HELP_LINES = 120;

/** A neutral lines reply (list, whoami, explain, a one-line outcome): one TextBlock a line, headings bolder. */
export function renderLinesReply(reply: LinesReply): AdaptiveCard {
  return adaptiveCard(
    plainCardText(reply.fallback, 300),
    reply.lines.map((line, i) =>
      textBlock(replyLineText(line), {
        ...(i > 0 ? { spacing: 'small' } : {}),
        ...(line.heading ? { weight: 'bolder' } : {}),
      }),
    ),
  );
}

/** One request as `status ID` shows it: the card without its buttons (those belong on the shared card). */
export function statusReply(record: RequestRecord, now: number): AdaptiveCard {
  return renderCard(buildApprovalCard(record, now), { withActions: false });
}

/** Help text as written, in a monospace block, with examples as typed in Teams. */
export function helpReply(text: string): AdaptiveCard {
  const lines = text
    .split('\n')
    .slice(0, MAX_HELP_LINES)
    .map((line) => (line.trim() === '' ? ' ' : escapeCardText(teamsSpelled(line.trimEnd()), one)));
  return adaptiveCard(
    'Countersign help',
    lines.map((line) => textBlock(line, { fontType: 'monospace', spacing: 'none' })),
  );
}

/** A command's neutral outcome as the private Teams reply card (the core's {@link commandReply} picks which). */
export function renderCommandOutcome(outcome: CommandOutcome): AdaptiveCard {
  return commandReply(outcome, {
    filed: renderRequestReply,
    stepUp: renderStepUp,
    status: statusReply,
    lines: renderLinesReply,
    help: helpReply,
  });
}

/**
 * Why a sign-in is needed (the core's refusal, safe to show) and the single-use link
 * to it, for the person alone; nothing counts until the sign-in completes.
 */
export function renderStepUp(message: string, url: string): AdaptiveCard {
  return adaptiveCard(
    plainCardText(message, 300),
    [
      textBlock(escapeCardText(message, { maxLines: 3, maxLength: 1000 }), {
        id: 'step-up',
        color: 'warning',
      }),
    ],
    [{ type: 'Action.OpenUrl', id: 'sign-in', title: 'Sign in again', url, style: 'positive' }],
  );
}
