import { platformUserIdOf } from '../identity/identity-table.ts';
import type { IdentityRules } from '../identity/resolve-principal.ts';
import type { ChatPort } from '../ports/chat.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import type { ChannelSettings } from './card-targets.ts';
import { ChatNotifier, type ChatNotifierDeps } from './chat-notifier.ts';

/** What a surface builds its notifier from, besides its chat client and channel settings. */
export interface SurfaceNotifierDeps {
  readonly workflow: Pick<WorkflowDeps, 'store' | 'clock'>;
  readonly identity: Pick<IdentityRules, 'table'>;
  readonly log: ChatNotifierDeps['log'];
}

/**
 * The {@link ChatNotifier} of one chat surface, built the same way for every platform:
 * its chat client and channel settings, the workflow's store and clock, and a
 * requester's user on `chat`'s platform read backwards from the identity table.
 */
export function surfaceNotifier(
  chat: ChatPort,
  settings: ChannelSettings,
  deps: SurfaceNotifierDeps,
): ChatNotifier {
  return new ChatNotifier({
    chat,
    store: deps.workflow.store,
    clock: deps.workflow.clock,
    log: deps.log,
    chatUserOf: (username) => platformUserIdOf(deps.identity.table, chat.platform, username),
    incidentChannelTemplate: settings.incidentChannelTemplate,
    securityChannel: settings.securityChannel,
  });
}
