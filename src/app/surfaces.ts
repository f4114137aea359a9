import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createSlackSurface } from '../adapters/slack/slack-surface.ts';
import { createConsole } from '../adapters/web/create-console.ts';
import type { Config } from '../config/config.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';
import { loadIdentityRules } from './identity-rules.ts';
import type { Surface } from './surface.ts';

/**
 * The surfaces this configuration enables: Slack when its settings are present, and
 * the web console always (with no chat settings it is the only way in, and its
 * start-up line says where it is). Every process builds them all, because the
 * worker's `notify` job must reach every surface's cards.
 */
export function createSurfaces(
  config: Config,
  workflow: WorkflowDeps,
  redis: Redis,
  logger: Logger,
): Surface[] {
  const identity = loadIdentityRules(config.identity);
  const surfaces: Surface[] = [];
  if (config.slack) surfaces.push(createSlackSurface(config.slack, { workflow, identity, logger }));
  surfaces.push(createConsole({ config, workflow, identity, redis, logger }));
  return surfaces;
}
