import type { Logger } from 'pino';
import type { DeliveryClaims } from '../../../core/ports/delivery-claims.ts';
import type { StepUpPort } from '../../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../../core/workflow/workflow-deps.ts';
import type { AfterAckScheduler } from '../../http/after-ack-scheduler.ts';
import type { SlackIdentity } from './slack-identity.ts';

/** What every Slack listener reaches the core through. */
export interface SlackHandlerDeps {
  readonly workflow: WorkflowDeps;
  /** Slack user ID → Kubernetes principal, at the moment of each command or click. */
  readonly people: SlackIdentity;
  readonly logger: Logger;
  /** Where a slash command's filing waits its turn after the ack, so it does not delay other acks. */
  readonly afterAck: AfterAckScheduler;
  /** Where a slash command is claimed right after its ack, so a repeated delivery files nothing twice. */
  readonly claims: DeliveryClaims;
  /** Step-up (OIDC re-authentication), where configured; without it a step-up refusal is shown as it is. */
  readonly stepUp?: StepUpPort;
}
