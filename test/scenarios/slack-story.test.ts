import { startSlackStack } from '../integration/slack/slack-stack.ts';
import { slackDriver } from './slack-driver.ts';
import { storyEnvironment, storySuite, type StorySurface } from './story-suite.ts';

const env = storyEnvironment();

/**
 * Slack in one of its delivery modes: signed HTTP requests into the Bolt app, or
 * envelopes over the fake Socket Mode connection (the manifests' default). Each story
 * gets its own stack (its own key prefix on the shared Redis).
 */
function slack(mode: 'http' | 'socket'): StorySurface {
  return {
    title: `Slack (${mode} mode)`,
    policySurface: 'slack',
    words: {
      cards: 'cards, thread',
      breakGlassSeen: 'cards in #security, the approval and incident channels',
      backupSees: "the backup group's card",
    },
    async start({ cp, redis }, options) {
      const stack = await startSlackStack({ cp, redis, worker: true, mode, ...options });
      return {
        composed: stack.composed,
        driver: (_story, { signIn }) => Promise.resolve(slackDriver(stack, signIn ? { signIn } : {})),
        stop: () => stack.stop(),
      };
    },
  };
}

storySuite(slack('http'), env);
// Socket Mode delivers the same envelopes another way: the stories that click most.
storySuite(slack('socket'), env, ['approval', 'access']);
