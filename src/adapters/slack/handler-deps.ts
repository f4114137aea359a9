import type { Logger } from 'pino';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { SlackIdentity } from './slack-identity.ts';

/** What every Slack listener reaches the core through. */
export interface SlackHandlerDeps {
  readonly workflow: WorkflowDeps;
  /** Slack user ID → Kubernetes principal, at the moment of each command or click. */
  readonly people: SlackIdentity;
  readonly logger: Logger;
}
