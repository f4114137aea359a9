import { createHmac, randomUUID } from 'node:crypto';

/** A request body before signing, with its content type. */
export interface UnsignedRequest {
  readonly body: string;
  readonly contentType: 'application/x-www-form-urlencoded' | 'application/json';
}

/** A request as Slack sends it: body and headers, signature included. */
export interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** How to sign; `stale` and `wrongSecret` produce requests Bolt must refuse. */
export interface SignOptions {
  readonly signingSecret: string;
  /** The sender's clock, ms since the epoch. Default: now. */
  readonly nowMs?: number;
  /** Timestamp six minutes old, outside Slack's five-minute replay window. */
  readonly stale?: boolean;
  /** Sign with a different secret. */
  readonly wrongSecret?: boolean;
  /** Mark as Slack's Nth retry (`X-Slack-Retry-Num`). */
  readonly retryNum?: number;
}

const TEAM = { id: 'T00000001', domain: 'fake' };
const APP_ID = 'AFAKE0001';
const form = (fields: Record<string, string>): UnsignedRequest => ({
  body: new URLSearchParams(fields).toString(),
  contentType: 'application/x-www-form-urlencoded',
});
const payload = (value: Record<string, unknown>): UnsignedRequest => form({ payload: JSON.stringify(value) });
const user = (id: string, name?: string): Record<string, string> => ({
  id,
  username: name ?? id,
  name: name ?? id,
  team_id: TEAM.id,
});
const trigger = (): string => `0.${TEAM.id}.${randomUUID()}`;

/** A slash command as Slack posts it (`/k8s-request` unless `command` says otherwise). */
export function slashCommandBody(input: {
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  command?: string;
  triggerId?: string;
  responseUrl?: string;
  /** The workspace the command was typed in (default the fake's). */
  teamId?: string;
}): UnsignedRequest {
  return form({
    token: 'legacy-verification-token',
    team_id: input.teamId ?? TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channelId,
    channel_name: input.channelName ?? input.channelId,
    user_id: input.userId,
    user_name: input.userName ?? input.userId,
    command: input.command ?? '/k8s-request',
    text: input.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl ?? 'https://hooks.slack.test/commands/unused',
    trigger_id: input.triggerId ?? trigger(),
  });
}

/** Where a clicked element was: a message (card) or a view (modal, Home tab). */
export type ActionContainer =
  | {
      readonly type: 'message';
      readonly channelId: string;
      readonly messageTs: string;
      readonly threadTs?: string;
    }
  | { readonly type: 'view'; readonly viewId: string; readonly view?: Record<string, unknown> };

/** A `block_actions` payload for one button click or select change. */
export function blockActionsBody(input: {
  userId: string;
  userName?: string;
  actionId: string;
  value?: string;
  blockId?: string;
  selectedOption?: { value: string; text?: string };
  container: ActionContainer;
  triggerId?: string;
  responseUrl?: string;
  /** The clicking user's own workspace (default the fake's; another in a Slack Connect channel). */
  userTeamId?: string;
}): UnsignedRequest {
  const c = input.container;
  const action = input.selectedOption
    ? {
        type: 'static_select',
        selected_option: {
          value: input.selectedOption.value,
          text: { type: 'plain_text', text: input.selectedOption.text ?? input.selectedOption.value },
        },
      }
    : { type: 'button', value: input.value ?? '', text: { type: 'plain_text', text: input.actionId } };
  return payload({
    type: 'block_actions',
    user: {
      ...user(input.userId, input.userName),
      ...(input.userTeamId ? { team_id: input.userTeamId } : {}),
    },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    trigger_id: input.triggerId ?? trigger(),
    ...(c.type === 'message'
      ? {
          container: {
            type: 'message',
            message_ts: c.messageTs,
            channel_id: c.channelId,
            is_ephemeral: false,
            ...(c.threadTs && { thread_ts: c.threadTs }),
          },
          channel: { id: c.channelId, name: c.channelId },
          message: {
            type: 'message',
            ts: c.messageTs,
            text: '',
            ...(c.threadTs && { thread_ts: c.threadTs }),
          },
          response_url: input.responseUrl ?? 'https://hooks.slack.test/actions/unused',
        }
      : {
          container: { type: 'view', view_id: c.viewId },
          view: {
            id: c.viewId,
            team_id: TEAM.id,
            type: 'modal',
            state: { values: {} },
            hash: `${c.viewId}.0`,
            ...c.view,
          },
        }),
    actions: [
      {
        ...action,
        action_id: input.actionId,
        block_id: input.blockId ?? 'actions',
        action_ts: '1700000000.000001',
      },
    ],
  });
}

/** A `view_submission` payload: the modal's callback ID, private metadata and submitted values. */
export function viewSubmissionBody(input: {
  userId: string;
  userName?: string;
  callbackId: string;
  privateMetadata?: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  viewId?: string;
  hash?: string;
  triggerId?: string;
}): UnsignedRequest {
  const viewId = input.viewId ?? 'VFAKE00001';
  return payload({
    type: 'view_submission',
    team: TEAM,
    user: user(input.userId, input.userName),
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    trigger_id: input.triggerId ?? trigger(),
    view: {
      id: viewId,
      team_id: TEAM.id,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? '',
      state: { values: input.values },
      hash: input.hash ?? `${viewId}.0`,
      title: { type: 'plain_text', text: 'Countersign' },
      blocks: [],
      root_view_id: viewId,
      previous_view_id: null,
      app_id: APP_ID,
      bot_id: 'BBOT00001',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/** An Events API `app_home_opened` callback for the Home tab. */
export function appHomeOpenedBody(input: {
  userId: string;
  channelId?: string;
  eventId?: string;
}): UnsignedRequest {
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: TEAM.id,
      api_app_id: APP_ID,
      type: 'event_callback',
      event_id: input.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: 1700000000,
      event: {
        type: 'app_home_opened',
        user: input.userId,
        channel: input.channelId ?? `D${input.userId.replace(/^[UW]/, '')}`,
        tab: 'home',
        event_ts: '1700000000.000100',
      },
      authorizations: [
        { team_id: TEAM.id, user_id: 'UBOT00001', is_bot: true, is_enterprise_install: false },
      ],
    }),
  };
}

/**
 * Signs a request exactly as Slack does: `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{body}` under the signing secret, in `X-Slack-Signature`, with
 * the timestamp (seconds) in `X-Slack-Request-Timestamp`.
 */
export function signRequest(request: UnsignedRequest, options: SignOptions): SignedRequest {
  const nowMs = options.nowMs ?? Date.now();
  const timestamp = Math.floor((options.stale ? nowMs - 6 * 60_000 : nowMs) / 1000);
  const secret = options.wrongSecret ? `${options.signingSecret}-wrong` : options.signingSecret;
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${request.body}`).digest('hex');
  return {
    body: request.body,
    headers: {
      'content-type': request.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${signature}`,
      ...(options.retryNum !== undefined && {
        'x-slack-retry-num': String(options.retryNum),
        'x-slack-retry-reason': 'http_timeout',
      }),
    },
  };
}

/** What Bolt answered. */
export interface BoltResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: unknown;
}

/** POSTs a signed request to Bolt's HTTP endpoint (e.g. `http://127.0.0.1:PORT/slack/events`). */
export async function postToBolt(url: string, request: SignedRequest): Promise<BoltResponse> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
