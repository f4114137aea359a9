import type { Logger } from 'pino';
import type { StepUpPort } from '../../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../../core/workflow/workflow-deps.ts';
import type { ConversationStore } from '../chat/conversation-store.ts';
import type { TeamsPeople } from './teams-identity.ts';

/** What every Teams handler reaches the core and the platform through. */
export interface TeamsHandlerDeps {
  readonly workflow: WorkflowDeps;
  /** Sender of an activity → Kubernetes principal, at the moment of each command or click. */
  readonly people: TeamsPeople;
  readonly conversations: ConversationStore;
  readonly logger: Logger;
  /** The bot's Microsoft App ID. */
  readonly appId: string;
  /** Where approvers and requesters sign in again when policy wants step-up; absent means it is refused. */
  readonly stepUp?: StepUpPort;
}
