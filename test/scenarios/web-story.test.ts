import { DEV_USERS, startConsoleStack } from '../integration/web/console-stack.ts';
import type { StoryName } from './story-suite.ts';
import { storyEnvironment, storySuite } from './story-suite.ts';
import { webDriver } from './web-driver.ts';

const env = storyEnvironment();

/**
 * The console posts no channel copies: whose Approvals page stands for each channel a
 * story names (see {@link webDriver}).
 */
const PLACES: Record<StoryName, Readonly<Record<string, string>>> = {
  approval: { '#prod-approvals': 'bob' },
  escalation: { '#prod-approvals': 'bob', '#security': 'dave' },
  'scheduled-start': { '#prod-approvals': 'bob' },
  access: { '#prod-approvals': 'bob' },
  'break-glass': { '#security': 'carol' },
  'on-call': { '#prod-approvals': 'bob' },
};

storySuite(
  {
    title: 'the web console',
    policySurface: 'web',
    words: {
      cards: 'card, timeline',
      breakGlassSeen: 'on the reviewer’s Approvals page',
      backupSees: "the card on the backup's page",
    },
    async start({ cp, redis }, options) {
      const stack = await startConsoleStack({ console: { devUsers: DEV_USERS } }, { cp, redis, ...options });
      return {
        composed: stack.composed,
        driver: (story, { signIn }) =>
          Promise.resolve(webDriver(stack.url, PLACES[story], signIn ? { signIn } : {})),
        stop: () => stack.stop(),
      };
    },
  },
  env,
);
