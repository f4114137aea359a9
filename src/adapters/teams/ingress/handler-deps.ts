import type { Logger } from 'pino';
import type { ConversationDeps } from '../../../core/conversation/conversation-deps.ts';
import type { ConversationStore } from '../chat/conversation-store.ts';
import type { TeamsPeople } from './teams-identity.ts';

/** What every Teams handler reaches the core and the platform through. */
export interface TeamsHandlerDeps extends ConversationDeps {
  /** Sender of an activity → Kubernetes principal, at the moment of each command or click. */
  readonly people: TeamsPeople;
  readonly conversations: ConversationStore;
  readonly logger: Logger;
}
