import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { startHttpServer, type RunningHttpServer } from '../../../src/adapters/http/http-server.ts';
import { createStepUp, type StepUp, type StepUpConfig } from '../../../src/adapters/stepup/create-step-up.ts';
import { CONSOLE_PATHS } from '../../../src/adapters/web/console-paths.ts';
import { createConsole, type ConsoleSurface } from '../../../src/adapters/web/create-console.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { RedisAuditSink } from '../../../src/adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../../../src/adapters/store/redis-request-store.ts';
import { systemClock } from '../../../src/core/ports/clock.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import type { IdentityRules } from '../../../src/core/identity/resolve-principal.ts';
import type { ClusterPort } from '../../../src/core/ports/cluster.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { noNativeGroups } from '../../../src/core/ports/membership.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { InMemoryJobQueue } from '../../fakes/in-memory-job-queue.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { CookieBrowser, type BrowserResponse } from '../../harness/cookie-browser.ts';
import { freePorts } from '../../harness/free-port.ts';
import {
  loginForm,
  startOidcTestProvider,
  type LoginChoice,
  type OidcTestProvider,
} from '../../harness/oidc-test-provider.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: step-up-test }
spec:
  approverGroups:
    sre-leads: { users: [bob@example.com, carol@example.com] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], stepUp: true, allowBreakGlass: true }
`;

/**
 * Table identity mode: the console (OIDC) subjects of alice, bob and mallory map to the
 * Kubernetes usernames their Slack accounts have. `sub-bob-lookalike` and
 * `sub-unverified-bob` carry bob's email but are not mapped.
 */
export const IDENTITY: IdentityRules = {
  mode: 'table',
  emailUsernamePrefix: '',
  table: parseIdentityTable(
    {
      web: Object.fromEntries(
        ['alice', 'bob', 'mallory'].map((name) => [`sub-${name}`, { username: `${name}@example.com` }]),
      ),
    },
    'step-up-test',
  ),
};

/** The step-up policy's required sign-in level and method. */
export const REQUIRED = { acr: 'urn:countersign:mfa', amr: 'mfa' } as const;

const slackUser = (name: string, groups: string[]): Principal => ({
  platform: 'slack',
  platformUserId: `U0${name.toUpperCase()}`,
  username: `${name}@example.com`,
  email: `${name}@example.com`,
  groups,
});

/** The chat users of the step-up tests. */
export const people = {
  alice: slackUser('alice', ['developers']),
  bob: slackUser('bob', ['sre']),
  carol: slackUser('carol', ['sre']),
};

/** What one sign-in through the whole flow saw. */
export interface SignInTrace {
  /** The authorization request Countersign sent the browser to. */
  readonly authorizeUrl: URL;
  /** The prompt the provider asked for. */
  readonly prompt: string;
  /** The callback URL the provider sent the browser back to. */
  readonly callbackUrl: string;
  /** Countersign's answer to the callback. */
  readonly result: BrowserResponse;
}

/**
 * Countersign's serve-side step-up and the web console (OIDC sign-in against the same
 * issuer, as `serve` mounts them), a real OpenID provider and a private Redis, wired together.
 */
export interface StepUpStack {
  readonly deps: WorkflowDeps;
  readonly stepUp: StepUp;
  readonly console: ConsoleSurface;
  readonly redis: Redis;
  readonly config: StepUpConfig;
  readonly provider: OidcTestProvider;
  readonly baseUrl: string;
  /** Opens `link`, continues to the provider, signs in as `choice` and returns what happened. */
  signIn(link: string, choice: LoginChoice, browser?: CookieBrowser): Promise<SignInTrace>;
  /** Like {@link signIn} but stops before the callback, returning its URL. */
  signInUntilCallback(
    link: string,
    choice: LoginChoice,
    browser?: CookieBrowser,
  ): Promise<Omit<SignInTrace, 'result'>>;
  stop(): Promise<void>;
}

/** Starts the stack; `honourEssentialAcr: false` makes the provider issue tokens below the requested acr. */
export async function startStepUpStack(
  options: {
    honourEssentialAcr?: boolean;
    /** The cluster the workflow acts on (default: a RecordingCluster knowing prod-payments/Deployment/api). */
    cluster?: ClusterPort;
    /** The policy (default: prod-* needs one of sre-leads with step-up). */
    policy?: string;
  } = {},
): Promise<StepUpStack> {
  const redisServer: RedisServer = await startRedis();
  const redis = createRedis(redisServer.url);
  const [port] = await freePorts(1);
  const baseUrl = `http://127.0.0.1:${String(port)}`;
  const provider = await startOidcTestProvider({
    clientId: 'countersign',
    clientSecret: 'countersign-test-secret',
    redirectUris: [`${baseUrl}/stepup/callback`, `${baseUrl}${CONSOLE_PATHS.oidcCallback}`],
    accounts: {
      'sub-alice': { email: 'alice@example.com', emailVerified: true },
      'sub-bob': { email: 'bob@example.com', emailVerified: true },
      'sub-mallory': { email: 'mallory@example.com', emailVerified: true },
      'sub-unverified-bob': { email: 'bob@example.com', emailVerified: false },
      'sub-bob-lookalike': { email: 'bob@example.com', emailVerified: true },
    },
    acrValues: [REQUIRED.acr, 'urn:countersign:pwd'],
    ...(options.honourEssentialAcr === undefined ? {} : { honourEssentialAcr: options.honourEssentialAcr }),
  });
  const keyPrefix = `stepup-${String(port)}`;
  const audit = new RedisAuditSink(redis, { keyPrefix });
  const recording = new RecordingCluster();
  recording.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  const cluster = options.cluster ?? recording;
  const policy = loadPolicy(options.policy ?? POLICY, 'step-up-test');
  let next = 0;
  const deps: WorkflowDeps = {
    store: new RedisRequestStore(redis, { keyPrefix }),
    audit,
    queue: new InMemoryJobQueue(),
    cluster,
    membership: noNativeGroups,
    clock: systemClock,
    policy: () => policy,
    newId: () => `cs-stepup${String(++next).padStart(5, '0')}`,
    defaultCluster: 'test',
    remindBeforeMs: 15 * 60_000,
  };
  const config: StepUpConfig = {
    http: { host: '127.0.0.1', port: port ?? 0, publicBaseUrl: baseUrl },
    redis: { url: redisServer.url, keyPrefix },
    oidc: {
      issuerUrl: provider.issuer,
      clientId: 'countersign',
      clientSecret: 'countersign-test-secret',
      requiredAcr: REQUIRED.acr,
      requiredAmr: [REQUIRED.amr],
    },
  };
  const logger = pino({ level: 'silent' });
  const stepUp = createStepUp(config, { workflow: deps, redis, logger, identity: IDENTITY });
  const console = createConsole({
    config: {
      http: config.http,
      oidc: config.oidc,
      console: { sessionSecret: 's'.repeat(40) },
      redis: { keyPrefix },
    },
    workflow: deps,
    identity: IDENTITY,
    redis,
    logger,
  });
  const routes = [...stepUp.routes, ...console.routes];
  const http: RunningHttpServer = await startHttpServer('127.0.0.1', port ?? 0, routes, logger);

  const signInUntilCallback = (link: string, choice: LoginChoice, browser = new CookieBrowser()) =>
    walkToCallback(baseUrl, link, choice, browser);

  return {
    deps,
    stepUp,
    console,
    redis,
    config,
    provider,
    baseUrl,
    signInUntilCallback,
    async signIn(link, choice, browser = new CookieBrowser()) {
      const trace = await signInUntilCallback(link, choice, browser);
      return { ...trace, result: await browser.get(trace.callbackUrl) };
    },
    async stop() {
      await console.close();
      await http.close(1000);
      await provider.stop();
      redis.disconnect();
      await redisServer.stop();
    },
  };
}

/**
 * A person's way through step-up up to Countersign's callback: opens the single-use
 * `link` (the "Continue to sign in" page of the Countersign at `baseUrl`), continues to
 * the test provider, signs in there as `choice`, and follows redirects until the
 * provider sends the browser back to `baseUrl`; resolves with that callback URL (not yet
 * opened), the authorization request and the prompt the provider asked for.
 */
export async function walkToCallback(
  baseUrl: string,
  link: string,
  choice: LoginChoice,
  browser: CookieBrowser,
): Promise<Omit<SignInTrace, 'result'>> {
  const page = await browser.get(link);
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /Continue to sign in/);
  let response = await browser.post(link);
  assert.equal(response.status, 303, response.body);
  const authorizeUrl = new URL(response.location ?? '');
  let prompt = '';
  for (let hop = 0; hop < 10; hop++) {
    const target = new URL(response.location ?? '', response.url);
    if (target.origin === baseUrl) return { authorizeUrl, prompt, callbackUrl: target.href };
    if (target.pathname.startsWith('/interaction/')) {
      const details = await browser.get(target.href);
      prompt ||= (JSON.parse(details.body) as { prompt: string }).prompt;
      response = await browser.post(target.href, loginForm(choice));
    } else {
      response = await browser.get(target.href);
    }
    assert.ok(response.location, `stuck at ${target.href}: ${String(response.status)} ${response.body}`);
  }
  throw new Error('the sign-in did not come back to Countersign');
}
