import { buildApprovalCard } from '../../../core/cards/build-approval-card.ts';
import type { CommandOutcome } from '../../../core/conversation/command-outcome.ts';
import { commandReply } from '../../../core/conversation/command-reply.ts';
import type { LinesReply } from '../../../core/conversation/command-reply-lines.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { codeSections } from './code-sections.ts';
import { escapeSlackText } from './escape-mrkdwn.ts';
import { renderCard } from './render-card.ts';
import { replyLineText } from './render-reply-line.ts';
import { renderRequestReply } from './render-request-reply.ts';
import { renderStepUpReply } from './render-step-up-reply.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

const one = { maxLines: 1, maxLength: 300 } as const;

/** A neutral lines reply (list, whoami, explain, a one-line outcome) as mrkdwn sections that fit Slack's limit. */
export function renderLinesReply(reply: LinesReply): SlackMessage {
  const lines = reply.lines.map(replyLineText);
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > SLACK_LIMITS.text - 10) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') sections.push(current);
  return {
    text: escapeSlackText(reply.fallback, one),
    blocks: sections
      .slice(0, SLACK_LIMITS.messageBlocks)
      .map((s, i) => sectionBlock(s, { blockId: `reply-${i}` })),
  };
}

/** One request as `status ID` shows it: the card, without its buttons (those belong on the shared card). */
export function statusReply(record: RequestRecord, now: number): SlackMessage {
  const card = renderCard(buildApprovalCard(record, now));
  return { text: card.text, blocks: card.blocks.filter((b) => b.type !== 'actions') };
}

/** A command's neutral outcome as the private Slack reply (the core's {@link commandReply} picks which). */
export function renderCommandOutcome(outcome: CommandOutcome): SlackMessage {
  return commandReply(outcome, {
    filed: renderRequestReply,
    stepUp: renderStepUpReply,
    status: statusReply,
    lines: renderLinesReply,
    help: (text) => ({ text: 'Countersign help', blocks: codeSections(text, 'help') }),
  });
}
