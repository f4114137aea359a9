import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, OidcConfig } from '../../config/config.ts';
import type { IdentityRules } from '../../core/identity/resolve-principal.ts';
import type { StepUpIntent, StepUpPort } from '../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { Route } from '../http/http-server.ts';
import { PendingStepUps } from './pending-step-ups.ts';
import { STEP_UP_PATHS, stepUpRoutes } from './step-up-routes.ts';
import { StepUpOidcClient } from './step-up-oidc-client.ts';

/** The settings step-up reads: the OIDC issuer and client, the public URL, the Redis key prefix. */
export type StepUpConfig = Pick<Config, 'http' | 'redis'> & { readonly oidc: OidcConfig };

/** What step-up works with. */
export interface StepUpDeps {
  /** The workflow an intent is completed on; its clock dates the click. */
  readonly workflow: WorkflowDeps;
  /** Holds pending links and sign-ins (any replica may finish what another began). */
  readonly redis: Redis;
  readonly logger: Logger;
  /** The identity rules, which map the signed-in subject to the person who clicked (see `isSamePerson`). */
  readonly identity: IdentityRules;
}

/** Timings; the defaults suit people with a phone authenticator. */
export interface StepUpOptions {
  /** How long the link shown in chat stays usable, seconds (default 300). */
  readonly linkSeconds?: number;
  /** How long the sign-in at the provider may take once the link is opened, seconds (default 600). */
  readonly flowSeconds?: number;
  /** Allowed clock difference with the provider when checking `auth_time`, seconds (default 5). */
  readonly clockToleranceSeconds?: number;
}

/** Step-up as the serve process mounts it: the port surfaces call, and its routes. */
export interface StepUp extends StepUpPort {
  /** `/stepup/start/<token>` and `/stepup/callback`, for the serve process's HTTP server. */
  readonly routes: Route[];
  /** The callback to register with the OIDC client at the provider. */
  readonly redirectUri: string;
}

/**
 * Step-up authentication with OpenID Connect (docs/spec.md §5.2, §6). `begin` stores the
 * intent in Redis under a fresh random token and returns the short-lived, single-use
 * link `<publicBaseUrl>/stepup/start/<token>` for the surface to show privately; the
 * routes take the person through a forced fresh login at the configured issuer and,
 * only when it is verified (state, nonce, PKCE, `auth_time` after the click, required
 * acr/amr, same person), complete the intent with the evidence attached. Register
 * `redirectUri` with the provider.
 */
export function createStepUp(config: StepUpConfig, deps: StepUpDeps, options: StepUpOptions = {}): StepUp {
  const linkSeconds = options.linkSeconds ?? 300;
  const flowSeconds = options.flowSeconds ?? 600;
  const base = config.http.publicBaseUrl;
  const redirectUri = `${base}${STEP_UP_PATHS.callback}`;
  const pending = new PendingStepUps(deps.redis, config.redis.keyPrefix, { linkSeconds, flowSeconds });
  const routes = stepUpRoutes({
    oidc: config.oidc,
    client: new StepUpOidcClient(config.oidc, redirectUri),
    pending,
    workflow: deps.workflow,
    identity: deps.identity,
    logger: deps.logger.child({ component: 'stepup' }),
    secureCookies: base.startsWith('https:'),
    flowSeconds,
    toleranceMs: (options.clockToleranceSeconds ?? 5) * 1000,
  });
  return {
    routes,
    redirectUri,
    async begin(intent: StepUpIntent): Promise<string> {
      const token = await pending.create({ intent, clickedAt: deps.workflow.clock.now() });
      return `${base}${STEP_UP_PATHS.start}/${token}`;
    },
  };
}
