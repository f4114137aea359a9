import type { Logger } from 'pino';
import { buildApprovalCard } from '../../core/cards/build-approval-card.ts';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { RequestStore } from '../../core/ports/request-store.ts';
import type { SlackMessage } from './render/block-kit.ts';
import { renderCard } from './render/render-card.ts';
import type { SlackClient } from './slack-web-client.ts';

/** What the notifier's parts share for one notification. */
export interface NotifierContext {
  readonly client: SlackClient;
  readonly store: RequestStore;
  readonly clock: Clock;
  /** Already bound to the request (`requestId` in every line). */
  readonly logger: Logger;
}

/** The request's card as Block Kit, as it stands now. */
export function cardMessage(context: NotifierContext, record: RequestRecord): SlackMessage {
  return renderCard(buildApprovalCard(record, context.clock.now()));
}
