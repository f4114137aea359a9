import { startTeamsStack, TEAMS_CHANNELS } from '../integration/teams/teams-stack.ts';
import { teamsDriver } from './teams-driver.ts';
import { storyEnvironment, storySuite } from './story-suite.ts';

const env = storyEnvironment();

storySuite(
  {
    title: 'Teams',
    policySurface: 'teams',
    words: {
      cards: 'cards, thread',
      breakGlassSeen: 'cards in the security, approval and incident channels',
      backupSees: "the backup group's card",
    },
    async start({ cp, redis }, options) {
      const stack = await startTeamsStack({
        cp,
        redis,
        worker: true,
        ...options,
        // Break-glass cards also go to the security channel (TEAMS_SECURITY_CHANNEL).
        ...(options.stepUp ? { channels: { securityChannel: TEAMS_CHANNELS['#security'] ?? '' } } : {}),
      });
      return {
        composed: stack.composed,
        driver: (_story, { signIn }) => teamsDriver(stack, signIn ? { signIn } : {}),
        stop: () => stack.stop(),
      };
    },
  },
  env,
);
