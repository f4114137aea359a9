import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_PATHS } from '../../../src/adapters/web/console-paths.ts';
import type { AuditRecord } from '../../../src/core/audit/audit-record.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { withStepUp } from '../../../src/core/workflow/with-step-up.ts';
import { CookieBrowser } from '../../harness/cookie-browser.ts';
import { loginForm } from '../../harness/oidc-test-provider.ts';
import { people, REQUIRED, startStepUpStack, type StepUpStack } from './step-up-stack.ts';

// Issue 15 item 16: failed step-ups and console sign-ins reach the hash-chained audit
// in Redis, through the real OpenID provider and the real routes.

let stack: StepUpStack;

before(async () => {
  stack = await startStepUpStack();
});

after(async () => {
  await stack.stop();
});

async function auditOf(type: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of stack.deps.audit.readAll()) {
    if (record.event.type === type) records.push(record);
  }
  return records;
}

describe('security events in the audit chain (real OpenID provider, real Redis)', () => {
  test('a step-up signed in by someone else is audited as step-up-failed: who clicked, which request, why', async () => {
    const text = 'scale deployment/api --replicas 4 -n prod-payments --reason "INC-9 load"';
    const record = await submitRequest(stack.deps, {
      text,
      request: parseCommand(text) as ChangeRequest,
      requester: people.alice,
    });
    const person = people.bob;
    const outcome = await withStepUp(stack.stepUp, { kind: 'approve', requestId: record.id, person }, () =>
      decideRequest(stack.deps, { requestId: record.id, person, verdict: 'approve' }),
    );
    assert.ok('stepUpUrl' in outcome);
    const before = (await auditOf('step-up-failed')).length;

    const { result } = await stack.signIn(outcome.stepUpUrl, {
      sub: 'sub-mallory',
      acr: REQUIRED.acr,
      amr: ['pwd', REQUIRED.amr],
    });
    assert.equal(result.status, 403, result.body);

    const failed = (await auditOf('step-up-failed')).slice(before);
    assert.equal(failed.length, 1, JSON.stringify(failed));
    const event = failed[0]?.event;
    assert.equal(event?.requestId, record.id);
    assert.equal(event?.actor, 'bob@example.com');
    assert.deepEqual(event?.actorId, { platform: 'slack', userId: 'U0BOB' });
    const details = event?.details as Record<string, unknown> | undefined;
    assert.deepEqual(
      { code: details?.code, intent: details?.intent },
      { code: 'step_up_wrong_person', intent: 'approve' },
    );
    assert.match(String(details?.reason), /mallory@example\.com.*but bob@example\.com clicked/);
    assert.deepEqual((await stack.deps.store.get(record.id))?.approvals, []);
  });

  test('a forged step-up callback is audited too, with no person (the flow is unknown)', async () => {
    const before = (await auditOf('step-up-failed')).length;
    const forged = `${stack.baseUrl}/stepup/callback?code=x&state=never-issued`;
    const result = await new CookieBrowser().get(forged);
    assert.equal(result.status, 410, result.body);
    const failed = (await auditOf('step-up-failed')).slice(before);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.event.actor, 'unmapped');
    assert.equal(failed[0]?.event.requestId, '');
  });

  test('a console sign-in through the OpenID provider is audited as signed-in with issuer, subject and user', async () => {
    const browser = new CookieBrowser();
    let response = await browser.get(`${stack.baseUrl}${CONSOLE_PATHS.oidcStart}?next=/mine`);
    assert.equal(response.status, 303, response.body);
    for (let hop = 0; hop < 10 && response.location !== undefined; hop++) {
      const target = new URL(response.location, response.url);
      if (target.origin === stack.baseUrl && target.pathname === CONSOLE_PATHS.oidcCallback) break;
      response = target.pathname.startsWith('/interaction/')
        ? await browser.post(target.href, loginForm({ sub: 'sub-alice', amr: ['pwd'] }))
        : await browser.get(target.href);
    }
    const callback = new URL(response.location ?? '', response.url);
    assert.equal(callback.pathname, CONSOLE_PATHS.oidcCallback, `stuck at ${response.url}`);
    const before = (await auditOf('signed-in')).length;
    const landed = await browser.get(callback.href);
    assert.equal(landed.status, 200, landed.body);

    const signedIn = (await auditOf('signed-in')).slice(before);
    assert.equal(signedIn.length, 1);
    const event = signedIn[0]?.event;
    assert.equal(event?.actor, 'alice@example.com');
    assert.deepEqual(event?.actorId, { platform: 'web', userId: 'sub-alice' });
    assert.deepEqual(event?.details, { surface: 'web', issuer: stack.provider.issuer, subject: 'sub-alice' });
  });
});
