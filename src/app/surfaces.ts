import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StepUp } from '../adapters/stepup/create-step-up.ts';
import { createConsole } from '../adapters/web/create-console.ts';
import type { Config } from '../config/config.ts';
import type { IdentityRules } from '../core/identity/resolve-principal.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';
import type { Surface } from './surface.ts';

/**
 * The surfaces this configuration enables: Slack and Teams when their settings are present, and
 * the web console always (with no chat settings it is the only way in, and its
 * start-up line says where it is), plus OIDC step-up when an issuer is configured.
 * Every process builds them all, because the worker's `notify` job must reach every
 * surface's cards. `identity` maps people for all of them (its table may be reloaded).
 * A chat platform's adapter (and its SDK: Bolt, botbuilder) and the step-up client are
 * loaded only when configured, so a process does not hold in memory the code of a
 * platform it does not serve (botbuilder alone is about 25 MB of heap).
 */
export async function createSurfaces(
  config: Config,
  workflow: WorkflowDeps,
  identity: IdentityRules,
  redis: Redis,
  logger: Logger,
): Promise<Surface[]> {
  let stepUp: StepUp | undefined;
  if (config.oidc) {
    const { createStepUp } = await import('../adapters/stepup/create-step-up.ts');
    stepUp = createStepUp({ ...config, oidc: config.oidc }, { workflow, redis, logger, identity });
  }
  const withStepUp = stepUp ? { stepUp } : {};
  const surfaces: Surface[] = [];
  if (config.slack) {
    const [{ RedisDeliveryClaims }, { createSlackSurface }] = await Promise.all([
      import('../adapters/store/redis-delivery-claims.ts'),
      import('../adapters/slack/slack-surface.ts'),
    ]);
    const claims = new RedisDeliveryClaims(redis, config.redis.keyPrefix);
    surfaces.push(createSlackSurface(config.slack, { workflow, identity, logger, claims, ...withStepUp }));
  }
  if (config.teams) {
    const { createTeamsSurface } = await import('../adapters/teams/create-teams-surface.ts');
    const keyPrefix = config.redis.keyPrefix;
    surfaces.push(
      createTeamsSurface(config.teams, { workflow, identity, logger, redis, keyPrefix, ...withStepUp }),
    );
  }
  surfaces.push(createConsole({ config, workflow, identity, redis, logger, ...withStepUp }));
  if (stepUp) surfaces.push(stepUpSurface(stepUp));
  return surfaces;
}

/** Step-up is no chat surface, but its routes (`/stepup/...`) mount like one's. */
function stepUpSurface(stepUp: StepUp): Surface {
  return {
    name: 'stepup',
    routes: stepUp.routes,
    notifier: {
      requestChanged: () => Promise.resolve(),
      grantExpiringSoon: () => Promise.resolve(),
      remindApprovers: () => Promise.resolve(),
    },
    banner: `step-up sign-in callback: ${stepUp.redirectUri} (register it with the identity provider)`,
    close: () => Promise.resolve(),
  };
}
