import { onCallNotes } from '../../../core/cards/on-call-notes.ts';
import { formatCardTime } from '../../../core/cards/format-time.ts';
import { requestTitle } from '../../../core/cards/request-title.ts';
import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import type { RequireApprovalDecision } from '../../../core/policy/decision.ts';
import { COMMAND_PREFIX } from '../../../core/requests/examples.ts';
import { contextBlock, sectionBlock, type SlackMessage } from './block-kit.ts';
import { channelMention } from './channel-mention.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

const MAX_PREVIEW_LINES = 5;
const one = { maxLines: 1, maxLength: 300 } as const;

/**
 * The ephemeral reply to the requester once a request is filed: its ID and title,
 * then what policy decided — denied and why; approved by policy and queued (or run
 * under break-glass); or waiting for N approvals from which groups in which
 * channels, with step-up and the deadline — then what it will do and how to follow
 * or cancel it. All user and policy text is escaped.
 */
export function renderRequestReply(record: RequestRecord): SlackMessage {
  const id = `\`${escapeSlackCode(record.id, 100)}\``;
  const title = escapeSlackText(requestTitle(record.request), one);
  const lines = [
    `*${title}* is filed as ${id}.`,
    ...decisionLines(record),
    ...onCallNotes(record).map((line) => escapeSlackText(line, { maxLines: 2, maxLength: 600 })),
  ];
  const preview = (record.preview ?? [])
    .slice(0, MAX_PREVIEW_LINES)
    .map((line) => `• ${escapeSlackText(line, one)}`);
  const text = [...lines, ...(preview.length > 0 ? ['*What will happen*', ...preview] : [])].join('\n');
  const follow = [`Follow it: \`${COMMAND_PREFIX} status ${escapeSlackCode(record.id, 100)}\``];
  if (record.state === 'pending')
    follow.push(`Cancel it: \`${COMMAND_PREFIX} cancel ${escapeSlackCode(record.id, 100)}\``);
  return {
    text: escapeSlackText(`${record.id} ${requestTitle(record.request)}: ${headline(record)}`, {
      maxLines: 1,
      maxLength: SLACK_LIMITS.fallbackText,
    }),
    blocks: [sectionBlock(text, { blockId: 'reply' }), contextBlock(follow, 'follow')],
  };
}

/**
 * A refused command or click, for the person who made it: the error's message and,
 * where it has one, the correct example in a code span, both escaped.
 */
export function renderError(error: UserFacingError): SlackMessage {
  const message = escapeSlackText(error.message, { maxLines: 5, maxLength: 2000 });
  const example = error.example ? `\nExample: \`${escapeSlackCode(error.example, 900)}\`` : '';
  return {
    text: escapeSlackText(error.message, { maxLines: 1, maxLength: SLACK_LIMITS.fallbackText }),
    blocks: [sectionBlock(`:warning: ${message}${example}`, { blockId: 'error' })],
  };
}

function decisionLines(record: RequestRecord): string[] {
  const { decision } = record;
  const rules =
    decision.matchedRules.length > 0
      ? ` (${escapeSlackText(`rule ${decision.matchedRules.join(', ')}`, one)})`
      : '';
  if (decision.outcome === 'deny') {
    return [
      `:x: Policy denied it${rules}: ${escapeSlackText(decision.reason, { maxLines: 3, maxLength: 1000 })}`,
    ];
  }
  if (decision.outcome === 'auto-approve') {
    return [`:white_check_mark: Policy approved it${rules}; it is queued to run.`];
  }
  if (record.breakGlass) {
    const incident = escapeSlackText(record.breakGlass.incident, one);
    return [
      `:rotating_light: Break-glass under ${incident}: it runs now without approval and will be reviewed.`,
    ];
  }
  const where = inChannels(decision.channels.slack);
  const lines = [`:hourglass_flowing_sand: Waiting for ${approvalsWanted(decision)}${where}.`];
  if (decision.stepUp) lines.push('Approvers sign in again before their approval counts.');
  if (record.decisionDeadline !== undefined) {
    lines.push(`If nobody decides by ${formatCardTime(record.decisionDeadline)}, it expires.`);
  }
  return lines;
}

function approvalsWanted(decision: RequireApprovalDecision): string {
  const count = (n: number): string => `${n} ${n === 1 ? 'approval' : 'approvals'}`;
  const groups = (names: readonly string[]): string => escapeSlackText(names.join(' or '), one);
  const [only, ...others] = decision.requirements;
  if (only !== undefined && others.length === 0) {
    return `${count(only.minApprovals)} from ${groups(only.approverGroups)}`;
  }
  const parts = decision.requirements.map((r) => `${r.minApprovals} from ${groups(r.approverGroups)}`);
  return `${count(decision.approvalsNeeded)} (${parts.join(' and ')})`;
}

function inChannels(channels: readonly string[]): string {
  if (channels.length === 0) return '';
  const names = channels.slice(0, 5).map(channelMention);
  return ` in ${names.join(', ')}${channels.length > 5 ? ` and ${channels.length - 5} more` : ''}`;
}

/** The decision in plain words, for the notification text. */
function headline(record: RequestRecord): string {
  const { decision } = record;
  if (decision.outcome === 'deny') return `denied by policy: ${decision.reason}`;
  if (decision.outcome === 'auto-approve') return 'approved by policy, queued to run';
  if (record.breakGlass) return `break-glass under ${record.breakGlass.incident}, running now`;
  const n = decision.approvalsNeeded;
  return `waiting for ${n} ${n === 1 ? 'approval' : 'approvals'}`;
}
