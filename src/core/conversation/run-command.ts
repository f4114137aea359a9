import { personLists } from './person-lists.ts';
import { requestTitle } from '../cards/request-title.ts';
import type { Principal } from '../ports/identity.ts';
import { helpText } from '../requests/help-text.ts';
import { cancelRequest } from '../workflow/cancel-request.ts';
import { explainRequest } from '../workflow/explain-request.ts';
import { extendAccess, revokeAccess } from '../workflow/manage-grant.ts';
import { submitRequest } from '../workflow/submit-request.ts';
import { withStepUp } from '../workflow/with-step-up.ts';
import type { CommandOutcome, ReplyCommand } from './command-outcome.ts';
import type { ConversationDeps } from './conversation-deps.ts';
import { findRequest } from './find-request.ts';
import { outcomeText } from './outcome-text.ts';

/**
 * Carries out one typed (or form-built) command for `person` through the core
 * workflow, for every surface alike, and says what happened as a neutral
 * {@link CommandOutcome}: a filed request (or the step-up link its policy wants first,
 * when step-up is configured), a status, the person's list, cancel/extend/revoke with
 * the sentence saying so, whoami, help, or what policy would do. `text` is the command
 * as typed (kept on the record and replayed after step-up). Refusals are thrown as the
 * core's `UserFacingError`s; the surface renders them.
 */
export async function runCommand(
  deps: ConversationDeps,
  command: ReplyCommand,
  person: Principal,
  text: string,
): Promise<CommandOutcome> {
  const { workflow } = deps;
  switch (command.type) {
    case 'action':
    case 'access': {
      const filed = await withStepUp(deps.stepUp, { kind: 'file', text, requester: person }, () =>
        submitRequest(workflow, { text, request: command, requester: person }),
      );
      return 'stepUpUrl' in filed
        ? { kind: 'step-up', message: filed.message, url: filed.stepUpUrl }
        : { kind: 'filed', record: filed.done };
    }
    case 'status':
      if (command.id === undefined) return listFor(deps, person);
      return { kind: 'status', record: await findRequest(deps, command.id), now: workflow.clock.now() };
    case 'list':
      return listFor(deps, person);
    case 'cancel': {
      const outcome = await cancelRequest(workflow, command.id, person);
      return { kind: 'changed', command: 'cancel', outcome, text: outcomeText('cancel', outcome) };
    }
    case 'extend': {
      const outcome = await extendAccess(workflow, command.id, person, command.durationSeconds);
      return { kind: 'changed', command: 'extend', outcome, text: outcomeText('extend', outcome) };
    }
    case 'revoke': {
      const outcome = await revokeAccess(workflow, command.id, person);
      return { kind: 'changed', command: 'revoke', outcome, text: outcomeText('revoke', outcome) };
    }
    case 'whoami':
      return { kind: 'whoami', person };
    case 'help':
      return { kind: 'help', text: helpText(command.topic) };
    case 'explain': {
      const { cluster, decision } = await explainRequest(workflow, command.request, person);
      return { kind: 'explain', title: requestTitle(command.request), cluster, decision };
    }
  }
}

async function listFor(deps: ConversationDeps, person: Principal): Promise<CommandOutcome> {
  const lists = await personLists(deps.workflow, person);
  return {
    kind: 'list',
    open: [...lists.mineOpen],
    grants: [...lists.grantsHeld],
    now: deps.workflow.clock.now(),
  };
}
