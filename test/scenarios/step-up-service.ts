import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { startHttpServer, type RunningHttpServer } from '../../src/adapters/http/http-server.ts';
import { createStepUp, type StepUp } from '../../src/adapters/stepup/create-step-up.ts';
import { parseIdentityTable } from '../../src/core/identity/identity-table.ts';
import type { StepUpPort } from '../../src/core/ports/step-up.ts';
import type { WorkflowDeps } from '../../src/core/workflow/workflow-deps.ts';
import { CookieBrowser } from '../harness/cookie-browser.ts';
import { freePorts } from '../harness/free-port.ts';
import { startOidcTestProvider, type OidcTestProvider } from '../harness/oidc-test-provider.ts';
import { walkToCallback } from '../integration/stepup/step-up-stack.ts';
import type { SignInAgain } from './bot-driver.ts';

const CLIENT = { id: 'countersign', secret: 'countersign-story-secret' } as const;
const MFA = { acr: 'urn:countersign:mfa', amr: ['pwd', 'otp', 'mfa'] } as const;

/** Step-up as `serve` mounts it, for a story: a real OpenID provider and Countersign's step-up routes. */
export interface StepUpService {
  /** The port a surface is given; it starts step-ups on the workflow {@link attach} names. */
  readonly port: StepUpPort;
  /** Serves step-up for `workflow` (the stack's, started with {@link port}), keeping pending sign-ins in `redis`. */
  attach(workflow: WorkflowDeps, redis: Redis): Promise<void>;
  /** The person opens the link and signs in again as themselves, with MFA; resolves with the page's words. */
  readonly signIn: SignInAgain;
  stop(): Promise<void>;
}

/**
 * Starts a real OpenID provider (oidc-provider) whose subjects are the story's people
 * by name (`alice`, as the console's dev users are named too) and reserves the port
 * Countersign's step-up routes will serve on once {@link StepUpService.attach} is given
 * the stack's workflow. The identity rules map each subject to the Kubernetes user of
 * that name, so a Slack or Teams user signs in as the same person.
 */
export async function startStepUpService(people: readonly string[]): Promise<StepUpService> {
  const [port = 0] = await freePorts(1);
  const baseUrl = `http://127.0.0.1:${port}`;
  const provider: OidcTestProvider = await startOidcTestProvider({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUris: [`${baseUrl}/stepup/callback`],
    accounts: Object.fromEntries(
      people.map((name) => [name, { email: `${name}@example.com`, emailVerified: true }]),
    ),
    acrValues: [MFA.acr],
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let stepUp: StepUp | undefined;
  let http: RunningHttpServer | undefined;
  return {
    port: {
      begin(intent) {
        assert.ok(stepUp, 'step-up began before the service was attached to a workflow');
        return stepUp.begin(intent);
      },
    },
    async attach(workflow, redis) {
      stepUp = createStepUp(
        {
          http: { host: '127.0.0.1', port, publicBaseUrl: baseUrl },
          redis: { url: 'redis://unused', keyPrefix: `stepup-${randomBytes(3).toString('hex')}` },
          oidc: {
            issuerUrl: provider.issuer,
            clientId: CLIENT.id,
            clientSecret: CLIENT.secret,
            requiredAcr: MFA.acr,
            requiredAmr: ['mfa'],
          },
        },
        {
          workflow,
          redis,
          logger,
          identity: {
            mode: 'table',
            emailUsernamePrefix: '',
            table: parseIdentityTable(
              { web: Object.fromEntries(people.map((name) => [name, { username: name }])) },
              'step-up story',
            ),
          },
        },
      );
      http = await startHttpServer('127.0.0.1', port, stepUp.routes, logger);
    },
    async signIn(person, link) {
      const browser = new CookieBrowser();
      const { callbackUrl } = await walkToCallback(
        baseUrl,
        link,
        { sub: person, acr: MFA.acr, amr: MFA.amr },
        browser,
      );
      const result = await browser.get(callbackUrl);
      assert.equal(result.status, 200, `${person}'s sign-in: ${result.status} ${result.body}`);
      return result.body
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    },
    async stop() {
      await http?.close(1000);
      await provider.stop();
    },
  };
}
