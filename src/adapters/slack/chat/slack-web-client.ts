import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../../config/config.ts';
import { slackLogger } from './slack-logger.ts';

/** The Slack Web API client type every Slack adapter file takes. */
export type SlackClient = webApi.WebClient;

/**
 * Web API client settings shared by the Bolt app and the notifier: the configured API
 * base, a timeout, and bounded retries that wait out a 429's `Retry-After`.
 */
export function slackClientOptions(config: SlackConfig, logger: Logger): webApi.WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    logger: slackLogger(logger),
    timeout: 10_000,
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true },
  };
}

/** A bot-token Web API client with {@link slackClientOptions}, for processes that run no Bolt app (the worker). */
export function createSlackClient(config: SlackConfig, logger: Logger): SlackClient {
  return new webApi.WebClient(config.botToken, slackClientOptions(config, logger));
}
