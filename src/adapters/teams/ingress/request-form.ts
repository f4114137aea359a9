import type { ConversationDeps } from '../../../core/conversation/conversation-deps.ts';
import type { RequestForm } from '../../../core/conversation/request-form.ts';
import { requestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import type { UserFacingError } from '../../../core/errors.ts';
import type { Log } from '../../../core/ports/log.ts';
import type { AdaptiveCard } from '../render/adaptive-card.ts';
import { renderRequestForm } from '../render/render-request-form.ts';

/** How long the form waits for the namespace list before offering a text field instead. */
const NAMESPACES_WAIT_MS = 2_000;

/**
 * The `k8s-request` form with the core's choices (clusters, namespaces, grantable
 * roles); after a refusal, the submitted values and the refusal.
 */
export async function requestForm(
  deps: ConversationDeps,
  log: Log,
  again?: { readonly values: RequestForm; readonly error: UserFacingError },
): Promise<AdaptiveCard> {
  return renderRequestForm({
    ...(await requestFormChoices(deps, log, NAMESPACES_WAIT_MS)),
    ...(again ? { values: again.values, error: again.error } : {}),
  });
}
