import type { PostedMessage } from '../../fakes/fake-slack/fake-slack-types.ts';
import type { ResponseUrlPost } from '../../fakes/fake-slack/fake-slack.ts';
import {
  blockActionsBody,
  slashCommandBody,
  viewSubmissionBody,
  type BoltResponse,
  type UnsignedRequest,
} from '../../fakes/fake-slack/sign-request.ts';
import { CHANNELS, type SlackStack } from './slack-stack.ts';

/** What Bolt answered a gesture, how long it took, and where its `respond()` replies land. */
export interface Gesture {
  readonly request: UnsignedRequest;
  readonly response: BoltResponse;
  readonly elapsedMs: number;
  readonly responseUrl: string;
  /** The next reply posted to this gesture's response_url. */
  reply(timeoutMs?: number): Promise<ResponseUrlPost>;
}

async function deliver(stack: SlackStack, request: UnsignedRequest, responseUrl: string): Promise<Gesture> {
  const started = performance.now();
  const response = await stack.send(request);
  const elapsedMs = performance.now() - started;
  const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
  return {
    request,
    response,
    elapsedMs,
    responseUrl,
    reply: (timeoutMs = 20_000) => stack.fake.waitFor((f) => f.responses.find((r) => r.id === id), timeoutMs),
  };
}

/** `/k8s-request <text>` typed by `userId` in `channelId` (default #dev). */
export function typeCommand(
  stack: SlackStack,
  userId: string,
  text: string,
  channelId: string = CHANNELS.dev.id,
) {
  const responseUrl = stack.fake.responseUrl();
  const request = slashCommandBody({
    text,
    userId,
    channelId,
    responseUrl,
    triggerId: stack.fake.issueTriggerId(),
  });
  return deliver(stack, request, responseUrl);
}

/** A click on a card button (`countersign:approve`, ...) on a posted message. */
export function clickCard(
  stack: SlackStack,
  userId: string,
  actionId: string,
  card: PostedMessage,
  value: string,
) {
  const responseUrl = stack.fake.responseUrl();
  const request = blockActionsBody({
    userId,
    actionId,
    value,
    container: { type: 'message', channelId: card.channel, messageTs: card.ts },
    responseUrl,
    triggerId: stack.fake.issueTriggerId(),
  });
  return deliver(stack, request, responseUrl);
}

/** Submits a modal with these values (`{ block: { action: { type, value | selected_option } } }`). */
export function submitView(
  stack: SlackStack,
  userId: string,
  callbackId: string,
  values: Record<string, Record<string, Record<string, unknown>>>,
  privateMetadata?: string,
) {
  const request = viewSubmissionBody({
    userId,
    callbackId,
    values,
    ...(privateMetadata !== undefined ? { privateMetadata } : {}),
  });
  return deliver(stack, request, '');
}

/** Text of a posted message's blocks and fallback, for matching. */
export function messageText(message: { text: string; blocks: unknown[] }): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

/** The buttons of a posted card: action_id → value. */
export function buttonsOf(message: { blocks: unknown[] }): Record<string, string> {
  const buttons: Record<string, string> = {};
  for (const block of message.blocks as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[]) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.action_id) buttons[element.action_id] = element.value ?? '';
    }
  }
  return buttons;
}
