import type { types } from '@slack/bolt';
import type { ApprovalCard } from '../../../core/cards/approval-card.ts';
import { fullChangeTitle, sentHeading, type FullChange } from '../../../core/changes/full-change.ts';
import { sectionBlock } from './block-kit.ts';
import { escapeSlackCode, escapeSlackText } from './escape-mrkdwn.ts';
import { codeSections } from './code-sections.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { modalView } from './modal-view.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/**
 * The "Show full change" (or "Show full request") modal: every changed path, then what
 * execution sends, as escaped code blocks; a change too large for one modal throws
 * rather than show part of it as if it were all (the core's filing limit prevents it).
 */
export function renderFullChangeModal(
  card: Pick<ApprovalCard, 'requestId' | 'title'>,
  change: FullChange,
): types.ModalView {
  const title = escapeSlackText(card.title, { maxLines: 1, maxLength: 300 });
  const count = change.paths.length === 1 ? '1 changed path' : `${change.paths.length} changed paths`;
  const paths = change.paths.map((p) => `${p.path}\n  was: ${p.before}\n  now: ${p.after}`).join('\n\n');
  const pin = change.pinnedUid
    ? ` Execution adds \`metadata.uid: ${escapeSlackCode(change.pinnedUid, 100)}\`, so it applies to the approved object only.`
    : '';
  const what = change.kind === 'patch' ? `\n*${count}*, each with its whole old and new value:` : '';
  const blocks = [
    sectionBlock(`*${title}* (\`${escapeSlackCode(card.requestId, 100)}\`)${what}`, { blockId: 'what' }),
    ...(change.paths.length > 0 ? codeSections(paths, 'paths') : []),
    sectionBlock(`*${escapeSlackText(sentHeading(change), { maxLines: 1, maxLength: 2000 })}*${pin}`, {
      blockId: 'patch',
    }),
    ...codeSections(change.sent, 'patch'),
  ];
  if (blocks.length > SLACK_LIMITS.viewBlocks) {
    throw new RangeError(
      `the full change of ${card.requestId} needs ${blocks.length} blocks; a modal holds ${SLACK_LIMITS.viewBlocks}`,
    );
  }
  return modalView({
    callbackId: CALLBACK_IDS.fullChange,
    title: fullChangeTitle(change),
    close: 'Close',
    blocks,
  });
}
