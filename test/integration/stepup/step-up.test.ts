import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { createStepUp } from '../../../src/adapters/stepup/create-step-up.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { withStepUp } from '../../../src/core/workflow/with-step-up.ts';
import { CookieBrowser } from '../../harness/cookie-browser.ts';
import { IDENTITY, people, REQUIRED, startStepUpStack, type StepUpStack } from './step-up-stack.ts';

const MFA = { acr: REQUIRED.acr, amr: ['pwd', 'otp', REQUIRED.amr] };
const scaleText = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';

let stack: StepUpStack;

before(async () => {
  stack = await startStepUpStack({ honourEssentialAcr: false });
});

after(async () => {
  await stack.stop();
});

/** Files a pending request, clicks Approve as `person` and returns the step-up link the surface would show. */
async function approveNeedsStepUp(person = people.bob): Promise<{ record: RequestRecord; link: string }> {
  const record = await submitRequest(stack.deps, {
    text: scaleText,
    request: parseCommand(scaleText) as ChangeRequest,
    requester: people.alice,
  });
  const outcome = await withStepUp(stack.stepUp, { kind: 'approve', requestId: record.id, person }, () =>
    decideRequest(stack.deps, { requestId: record.id, person, verdict: 'approve' }),
  );
  assert.ok('stepUpUrl' in outcome, 'policy wants step-up, so the click alone must not count');
  assert.ok(outcome.stepUpUrl.startsWith(`${stack.baseUrl}/stepup/start/`));
  return { record, link: outcome.stepUpUrl };
}

async function approvalsOf(id: string) {
  return (await stack.deps.store.get(id))?.approvals ?? [];
}

describe('step-up with a real OpenID provider', () => {
  test('an approval with a fresh MFA sign-in by the clicker counts, with the evidence recorded', async () => {
    const { record, link } = await approveNeedsStepUp();
    const trace = await stack.signIn(link, { sub: 'sub-bob', ...MFA });

    const params = trace.authorizeUrl.searchParams;
    assert.equal(trace.authorizeUrl.origin, stack.provider.issuer);
    assert.equal(params.get('prompt'), 'login');
    assert.equal(params.get('max_age'), '0');
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.equal(params.get('login_hint'), 'bob@example.com');
    const claims = JSON.parse(params.get('claims') ?? '{}') as { id_token: Record<string, unknown> };
    assert.deepEqual(claims.id_token.acr, { essential: true, value: REQUIRED.acr });
    assert.equal(trace.prompt, 'login');

    assert.equal(trace.result.status, 200, trace.result.body);
    assert.match(trace.result.body, /You approved scale deployment\/api in prod-payments/);
    const stored = await stack.deps.store.get(record.id);
    assert.equal(stored?.state, 'approved');
    const evidence = stored?.approvals[0]?.stepUp;
    assert.equal(evidence?.issuer, stack.provider.issuer);
    assert.equal(evidence?.subject, 'sub-bob');
    assert.equal(evidence?.acr, REQUIRED.acr);
    assert.deepEqual(evidence?.amr, MFA.amr);
    const events = await stack.deps.store.listEvents(record.id);
    assert.deepEqual(events.map((e) => [e.event.type, e.event.actor]).slice(-2), [
      ['step-up', 'bob@example.com'],
      ['approved', 'bob@example.com'],
    ]);
  });

  test('a sign-in without the required amr does not count, and says which is missing', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { result } = await stack.signIn(link, { sub: 'sub-bob', acr: REQUIRED.acr, amr: ['pwd'] });
    assert.equal(result.status, 403);
    assert.match(result.body, /used pwd, but mfa is required/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a sign-in below the required acr does not count, even when the provider issues it', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { result } = await stack.signIn(link, {
      sub: 'sub-bob',
      acr: 'urn:countersign:pwd',
      amr: ['pwd', 'mfa'],
    });
    assert.equal(result.status, 403);
    assert.match(result.body, /level &quot;urn:countersign:pwd&quot;/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a different person signing in does not count, nor does an unverified email', async () => {
    for (const sub of ['sub-mallory', 'sub-unverified-bob']) {
      const { record, link } = await approveNeedsStepUp();
      const { result } = await stack.signIn(link, { sub, ...MFA });
      assert.equal(result.status, 403, sub);
      assert.match(result.body, /but bob@example.com clicked/);
      assert.deepEqual(await approvalsOf(record.id), []);
    }
  });

  test('in table mode a verified email equal to the clicker’s chat email does not count: only the mapped subject does', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { result } = await stack.signIn(link, { sub: 'sub-bob-lookalike', ...MFA });
    assert.equal(result.status, 403);
    assert.match(
      result.body,
      /signed in as bob@example\.com \(subject sub-bob-lookalike\), but bob@example\.com clicked, and the identity table does not map/,
    );
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a sign-in from before the click (a reused session) does not count', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { result } = await stack.signIn(link, {
      sub: 'sub-bob',
      ...MFA,
      authTime: Math.floor(Date.now() / 1000) - 600,
    });
    assert.equal(result.status, 403);
    assert.match(result.body, /reused a sign-in/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a sign-in the provider refused says so and counts nothing', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { result } = await stack.signIn(link, { abort: 'access_denied' });
    assert.equal(result.status, 403);
    assert.match(result.body, /did not sign you in \(access_denied\)/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a link works once; a replayed link or callback counts nothing twice', async () => {
    const { record, link } = await approveNeedsStepUp();
    const browser = new CookieBrowser();
    const trace = await stack.signIn(link, { sub: 'sub-bob', ...MFA }, browser);
    assert.equal(trace.result.status, 200, trace.result.body);

    const reopened = await browser.get(link);
    assert.equal(reopened.status, 410);
    assert.match(reopened.body, /expired or was already used/);
    assert.equal((await browser.post(link)).status, 410);

    const replayed = await browser.get(trace.callbackUrl);
    assert.equal(replayed.status, 410);
    assert.match(replayed.body, /not one Countersign is waiting for/);
    assert.equal((await approvalsOf(record.id)).length, 1);
  });

  test('an expired link counts nothing', async () => {
    const quick = createStepUp(
      stack.config,
      { workflow: stack.deps, redis: stack.redis, logger: pino({ level: 'silent' }), identity: IDENTITY },
      { linkSeconds: 0.2 },
    );
    const { record } = await approveNeedsStepUp();
    const link = await quick.begin({ kind: 'approve', requestId: record.id, person: people.bob });
    await sleep(400);
    const page = await new CookieBrowser().get(link);
    assert.equal(page.status, 410);
    assert.match(page.body, /expired or was already used/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a callback with a state Countersign never issued counts nothing', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { callbackUrl } = await stack.signInUntilCallback(link, { sub: 'sub-bob', ...MFA });
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'not-the-state-countersign-sent');
    const result = await new CookieBrowser().get(forged.href);
    assert.equal(result.status, 410);
    assert.match(result.body, /its state does not match/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('a sign-in finished in another browser than the one that opened the link counts nothing', async () => {
    const { record, link } = await approveNeedsStepUp();
    const { callbackUrl } = await stack.signInUntilCallback(link, { sub: 'sub-bob', ...MFA });
    const result = await new CookieBrowser().get(callbackUrl);
    assert.equal(result.status, 403);
    assert.match(result.body, /different browser/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('an ID token whose nonce is not the one sent counts nothing', async () => {
    const { record, link } = await approveNeedsStepUp();
    const browser = new CookieBrowser();
    await browser.get(link);
    const started = await browser.post(link);
    const keys = await stack.redis.keys(`${stack.config.redis.keyPrefix}:stepup:flow:*`);
    for (const key of keys) {
      const flow = JSON.parse((await stack.redis.get(key)) ?? '{}') as Record<string, unknown>;
      await stack.redis.set(key, JSON.stringify({ ...flow, nonce: 'a-different-nonce' }), 'KEEPTTL');
    }
    assert.ok(keys.length >= 1);
    const { stoppedAt } = await browser.follow(await browser.get(started.location ?? ''), (url) =>
      url.pathname.startsWith('/interaction/'),
    );
    const login = await browser.post(
      stoppedAt ?? '',
      new URLSearchParams({ sub: 'sub-bob', acr: MFA.acr, amr: MFA.amr.join(',') }),
    );
    const { stoppedAt: callback } = await browser.follow(login, (url) => url.origin === stack.baseUrl);
    const result = await browser.get(callback ?? '');
    assert.equal(result.status, 403);
    assert.match(result.body, /could not be verified/);
    assert.deepEqual(await approvalsOf(record.id), []);
  });

  test('break-glass files only after the requester’s own fresh MFA sign-in, then runs at once, unreviewed', async () => {
    const text =
      'scale deployment/api --replicas 9 -n prod-payments --incident INC-7 --break-glass --reason "site down"';
    const request = parseCommand(text) as ChangeRequest;
    const outcome = await withStepUp(stack.stepUp, { kind: 'file', text, requester: people.alice }, () =>
      submitRequest(stack.deps, { text, request, requester: people.alice }),
    );
    assert.ok('stepUpUrl' in outcome);
    assert.match(outcome.message, /Break-glass runs only after you sign in again/);

    const someoneElse = await stack.signIn(
      await stack.stepUp.begin({ kind: 'file', text, requester: people.alice }),
      { sub: 'sub-bob', ...MFA },
    );
    assert.equal(someoneElse.result.status, 403);
    assert.deepEqual(await stack.deps.store.listUnreviewedBreakGlass(), []);

    const { result } = await stack.signIn(outcome.stepUpUrl, { sub: 'sub-alice', ...MFA });
    assert.equal(result.status, 200, result.body);
    assert.match(
      result.body,
      /Break-glass scale deployment\/api in prod-payments \(cs-stepup\d+\) runs now under INC-7/,
    );
    const [run] = await stack.deps.store.listUnreviewedBreakGlass();
    assert.equal(run?.state, 'approved');
    assert.equal(run?.requester.username, 'alice@example.com');
    const events = await stack.deps.store.listEvents(run?.id ?? '');
    assert.deepEqual(
      events.map((e) => e.event.type),
      ['submitted', 'decided', 'step-up', 'break-glass'],
    );
  });
});
