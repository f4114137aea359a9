import { sectionBlock, type SlackMessage } from './block-kit.ts';
import { escapeSlackText } from './escape-mrkdwn.ts';

const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;

/** The private reply asking a person to sign in again (step-up): why, and the single-use http(s) link. */
export function renderStepUpReply(message: string, url: string): SlackMessage {
  if (!SAFE_URL.test(url)) throw new RangeError('a step-up link must be a plain http(s) URL');
  const why = escapeSlackText(message, { maxLines: 3, maxLength: 1000 });
  return {
    text: `${why} Sign in again: ${url}`,
    blocks: [
      sectionBlock(
        `:closed_lock_with_key: ${why}\n*<${url}|Sign in again>* (the link works once, for a few minutes; open it only yourself).`,
        { blockId: 'step-up' },
      ),
    ],
  };
}
