import type { App } from '@slack/bolt';
import { buildApprovalCard } from '../../../core/cards/build-approval-card.ts';
import { personLists } from '../../../core/conversation/person-lists.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { isWaitingToStart } from '../../../core/lifecycle/waiting-to-start.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { renderHome } from '../render/render-home.ts';
import type { SlackClient } from '../chat/slack-web-client.ts';
import { userMessageFor } from '../render/user-message-for.ts';
import { sectionBlock } from '../render/block-kit.ts';

/**
 * Publishes a person's App Home: break-glass runs of others waiting for their review
 * (Acknowledge), their open requests (Cancel), their grants in force
 * (time left, Revoke), the requests waiting for their approval (Approve, Deny) and the
 * approved ones waiting for their start time (theirs with Cancel), as of now, from
 * src/core/conversation/person-lists.ts; an on-call service that cannot answer shows
 * as a note above the lists. Someone Countersign cannot map gets the reason instead of the lists.
 */
export async function publishHome(
  client: SlackClient,
  deps: SlackHandlerDeps,
  userId: string,
): Promise<void> {
  const logger = deps.logger.child({ user: userId });
  try {
    const person = await deps.people.principalOf(userId);
    const lists = await personLists(deps.workflow, person);
    const now = deps.workflow.clock.now();
    const cards = (records: readonly RequestRecord[]) => records.map((r) => buildApprovalCard(r, now));
    const view = renderHome({
      openRequests: cards(lists.mineOpen.filter((r) => r.state !== 'active' && !isWaitingToStart(r, now))),
      activeGrants: cards(lists.grantsHeld),
      awaitingMyApproval: cards(lists.needsYou),
      breakGlassToReview: cards(lists.breakGlassToReview),
      notes: lists.notes,
      waitingToStart: [
        ...lists.waitingToStart.mine.map((r) => ({ card: buildApprovalCard(r, now), mayCancel: true })),
        ...lists.waitingToStart.approving.map((r) => ({
          card: buildApprovalCard(r, now),
          mayCancel: false,
        })),
      ],
    });
    await client.views.publish({ user_id: userId, view });
  } catch (error) {
    const message = userMessageFor(error, logger);
    await client.views
      .publish({
        user_id: userId,
        view: { type: 'home', blocks: [sectionBlock(message.text, { blockId: 'error' })] },
      })
      .catch((publishError: unknown) => logger.warn({ err: publishError }, 'could not publish App Home'));
  }
}

/** `app_home_opened` on the Home tab: publish it fresh. Bolt acknowledges events itself. */
export function registerHome(app: App, deps: SlackHandlerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps, event.user);
  });
}
