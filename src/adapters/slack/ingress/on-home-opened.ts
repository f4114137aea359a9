import type { App } from '@slack/bolt';
import { personHome } from '../../../core/conversation/person-home.ts';
import { personLists } from '../../../core/conversation/person-lists.ts';
import type { SlackHandlerDeps } from './handler-deps.ts';
import { renderHome } from '../render/render-home.ts';
import type { SlackClient } from '../chat/slack-web-client.ts';
import { userMessageFor } from '../render/user-message-for.ts';
import { sectionBlock } from '../render/block-kit.ts';

/** Publishes a person's App Home (the core's {@link personHome}) as of now, or why they cannot be mapped. */
export async function publishHome(
  client: SlackClient,
  deps: SlackHandlerDeps,
  userId: string,
): Promise<void> {
  const logger = deps.logger.child({ user: userId });
  try {
    const person = await deps.people.principalOf(userId);
    const lists = await personLists(deps.workflow, person);
    const view = renderHome(personHome(lists, deps.workflow.clock.now()));
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
