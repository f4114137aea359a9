import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { withStepUp } from '../../../src/core/workflow/with-step-up.ts';
import { CookieBrowser } from '../../harness/cookie-browser.ts';
import { people, REQUIRED, startStepUpStack, type StepUpStack } from './step-up-stack.ts';

// Issue 20: what step-up does when the identity provider is in trouble (503, 409, 500)
// or the request stopped waiting during the sign-in: it refuses clearly, counts nothing
// (fail closed) and audits the failure. The provider is the real one, made to answer
// those statuses (test/harness/oidc-test-provider.ts `fail`).

const MFA = { sub: 'sub-bob', acr: REQUIRED.acr, amr: ['pwd', REQUIRED.amr] };
const scaleText = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';

let stack: StepUpStack;

before(async () => {
  stack = await startStepUpStack();
});

after(async () => {
  await stack.stop();
});

async function approveNeedsStepUp(): Promise<{ record: RequestRecord; link: string }> {
  const record = await submitRequest(stack.deps, {
    text: scaleText,
    request: parseCommand(scaleText) as ChangeRequest,
    requester: people.alice,
  });
  const person = people.bob;
  const outcome = await withStepUp(stack.stepUp, { kind: 'approve', requestId: record.id, person }, () =>
    decideRequest(stack.deps, { requestId: record.id, person, verdict: 'approve' }),
  );
  assert.ok('stepUpUrl' in outcome);
  return { record, link: outcome.stepUpUrl };
}

async function failuresFor(requestId: string): Promise<string[]> {
  const codes: string[] = [];
  for await (const { event } of stack.deps.audit.readAll()) {
    if (event.type === 'step-up-failed' && event.requestId === requestId) codes.push(event.details.code);
  }
  return codes;
}

describe('step-up when the identity provider fails (real OpenID provider)', () => {
  // First in the file: the client discovers the issuer on first use, and keeps it.
  test('a provider answering 503 at discovery: 503 page, nothing used up, the same link works once it is back', async () => {
    const { record, link } = await approveNeedsStepUp();
    stack.provider.fail('/.well-known/', 503);
    const browser = new CookieBrowser();
    const refused = await browser.post(link);
    assert.equal(refused.status, 503, refused.body);
    assert.match(refused.body, /identity provider cannot be reached right now; nothing was used up/);
    assert.deepEqual((await stack.deps.store.get(record.id))?.approvals, []);
    assert.deepEqual(await failuresFor(record.id), []);

    stack.provider.heal();
    const { result } = await stack.signIn(link, MFA, browser);
    assert.equal(result.status, 200, result.body);
    assert.equal((await stack.deps.store.get(record.id))?.state, 'approved');
  });

  for (const status of [409, 500, 503]) {
    test(`a provider answering ${String(status)} to the code exchange: refused, nothing counted, audited`, async () => {
      const { record, link } = await approveNeedsStepUp();
      const browser = new CookieBrowser();
      const { callbackUrl } = await stack.signInUntilCallback(link, MFA, browser);
      stack.provider.fail('/token', status);
      try {
        const result = await browser.get(callbackUrl);
        assert.equal(result.status, 403, result.body);
        assert.match(result.body, /answer could not be verified, so nothing counted/);
      } finally {
        stack.provider.heal();
      }
      const stored = await stack.deps.store.get(record.id);
      assert.equal(stored?.state, 'pending');
      assert.deepEqual(stored?.approvals, []);
      assert.deepEqual(await failuresFor(record.id), ['step_up_unverified']);
    });
  }

  test('a request denied while the approver signs in: the callback answers 409 and the approval does not count', async () => {
    const { record, link } = await approveNeedsStepUp();
    const browser = new CookieBrowser();
    const { callbackUrl } = await stack.signInUntilCallback(link, MFA, browser);
    await decideRequest(stack.deps, {
      requestId: record.id,
      person: people.carol,
      verdict: 'deny',
      reason: 'no',
    });
    const result = await browser.get(callbackUrl);
    assert.equal(result.status, 409, result.body);
    assert.match(result.body, /Nothing counted/);
    const stored = await stack.deps.store.get(record.id);
    assert.equal(stored?.state, 'denied');
    assert.deepEqual(stored?.approvals, []);
  });
});
