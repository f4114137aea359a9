import type { types } from '@slack/bolt';
import type { ConversationDeps } from '../../../core/conversation/conversation-deps.ts';
import { requestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import type { Log } from '../../../core/ports/log.ts';
import { renderRequestForm } from '../render/render-request-form.ts';

/** How long the form waits for the namespace list; a modal must open within Slack's 3 s trigger window. */
const NAMESPACES_WAIT_MS = 1_200;

/**
 * The `/k8s-request` modal with the core's choices (clusters, namespaces, grantable
 * roles). `channel` is where the command was typed, so the confirmation can be shown there.
 */
export async function requestFormView(
  deps: ConversationDeps,
  log: Log,
  kind: 'action' | 'access',
  channel: string | undefined,
): Promise<types.ModalView> {
  return renderRequestForm({
    ...(await requestFormChoices(deps, log, NAMESPACES_WAIT_MS)),
    kind,
    ...(channel ? { privateMetadata: channel } : {}),
  });
}
