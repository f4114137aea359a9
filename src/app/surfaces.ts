import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisDeliveryClaims } from '../adapters/slack/delivery-claims.ts';
import { createSlackSurface } from '../adapters/slack/slack-surface.ts';
import { createStepUp, type StepUp } from '../adapters/stepup/create-step-up.ts';
import { createTeamsSurface } from '../adapters/teams/create-teams-surface.ts';
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
 */
export function createSurfaces(
  config: Config,
  workflow: WorkflowDeps,
  identity: IdentityRules,
  redis: Redis,
  logger: Logger,
): Surface[] {
  const stepUp = config.oidc
    ? createStepUp({ ...config, oidc: config.oidc }, { workflow, redis, logger, identity })
    : undefined;
  const withStepUp = stepUp ? { stepUp } : {};
  const surfaces: Surface[] = [];
  if (config.slack) {
    const claims = new RedisDeliveryClaims(redis, config.redis.keyPrefix);
    surfaces.push(createSlackSurface(config.slack, { workflow, identity, logger, claims, ...withStepUp }));
  }
  if (config.teams) {
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
