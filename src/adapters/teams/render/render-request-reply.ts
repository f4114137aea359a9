import { failureText } from '../../../core/conversation/failure-notice.ts';
import { filedReply } from '../../../core/conversation/filed-reply.ts';
import type { UserFacingError } from '../../../core/errors.ts';
import type { RequestRecord } from '../../../core/lifecycle/request-record.ts';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive-card.ts';
import { escapeCardText, plainCardText } from './escape-card-text.ts';
import { replyLineText } from './reply-line-text.ts';
import type { ReplyLine } from '../../../core/conversation/reply-line.ts';
import { teamsSpelled } from './teams-example.ts';

const one = { maxLines: 1, maxLength: 300 } as const;

/**
 * The requester's reply once a request is filed (the core's `filedReply`): ID and title,
 * policy's decision, on-call notes, what it will do, how to follow it; all escaped.
 */
export function renderRequestReply(record: RequestRecord): AdaptiveCard {
  const reply = filedReply(record);
  const lines = (id: string, of: readonly ReplyLine[]) =>
    of.map((line, i) => textBlock(replyLineText(line), { id: `${id}-${i}`, spacing: 'small' }));
  const body: CardElement[] = [
    textBlock(replyLineText(reply.filed), { id: 'filed', weight: 'bolder' }),
    ...lines('decision', reply.decision),
    ...lines('on-call', reply.onCall),
  ];
  if (reply.preview.length > 0) {
    body.push(
      textBlock(reply.previewHeading, { weight: 'bolder' }),
      ...reply.preview.map((line) => textBlock(`• ${escapeCardText(line, one)}`, { spacing: 'none' })),
    );
  }
  body.push(
    ...reply.follow.map((line) =>
      textBlock(replyLineText(line), { isSubtle: true, size: 'small', spacing: 'none' }),
    ),
  );
  return adaptiveCard(plainCardText(reply.fallback, 300), body);
}

/**
 * A refused command or click, for the person who made it: the error's message and,
 * where it has one, the correct example as typed in Teams, both escaped.
 */
export function renderError(error: UserFacingError): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(escapeCardText(teamsSpelled(error.message), { maxLines: 5, maxLength: 2000 }), {
      id: 'error',
      color: 'attention',
    }),
  ];
  if (error.example) {
    body.push(
      textBlock(`Example: ${escapeCardText(teamsSpelled(error.example), { maxLines: 1, maxLength: 900 })}`, {
        id: 'example',
      }),
    );
  }
  return adaptiveCard(plainCardText(teamsSpelled(error.message), 300), body);
}

/** What a person sees when something other than their input failed: only a reference to give an admin. */
export function renderFailure(reference: string): AdaptiveCard {
  const text = failureText(reference);
  return adaptiveCard(text, [textBlock(text, { id: 'error', color: 'attention' })]);
}
