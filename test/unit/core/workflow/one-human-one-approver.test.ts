import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIdentityTable } from '../../../../src/core/identity/identity-table.ts';
import {
  resolvePrincipal,
  type ChatUser,
  type IdentityRules,
} from '../../../../src/core/identity/resolve-principal.ts';
import { noNativeGroups } from '../../../../src/core/ports/membership.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import { authorizedGroups } from '../../../../src/core/workflow/authorized-groups.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { POLICY, workflowFixture } from './workflow-harness.ts';

const scaleText = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';

/** The workflow policy with `sre-leads` listing `users` and needing two of them. */
const policyListing = (users: string[]): string =>
  POLICY.replace(
    'sre-leads: { users: [bob@example.com, carol@example.com] }',
    `sre-leads: { users: [${users.join(', ')}] }`,
  );

const slack = (userId: string, email: string): ChatUser => ({ platform: 'slack', userId, email });
const teams = (userId: string, email: string): ChatUser => ({ platform: 'teams', userId, email });

describe('approver lists in table identity mode (issue 15 item 5)', () => {
  const rules: IdentityRules = {
    mode: 'table',
    emailUsernamePrefix: '',
    table: parseIdentityTable(
      {
        slack: Object.fromEntries(
          ['alice', 'bob', 'carol', 'dave', 'mallory'].map((name) => [
            `U0${name.toUpperCase()}`,
            { username: name },
          ]),
        ),
      },
      'test',
    ),
  };
  const policy = loadPolicy(policyListing(['bob@example.com', 'slack:U0CAROL', 'U0DAVE', 'alice']), 'test');
  const groupsOf = (user: ChatUser) =>
    authorizedGroups(policy, noNativeGroups, resolvePrincipal(rules, user), ['sre-leads']);

  test('match table usernames and immutable IDs, never the chat email', async () => {
    assert.deepEqual(await groupsOf(slack('U0ALICE', 'alice@example.com')), ['sre-leads']);
    assert.deepEqual(await groupsOf(slack('U0CAROL', 'carol@example.com')), ['sre-leads']);
    assert.deepEqual(await groupsOf(slack('U0DAVE', 'dave@example.com')), ['sre-leads']);
    assert.deepEqual(await groupsOf(slack('U0BOB', 'bob@example.com')), []);
    assert.deepEqual(await groupsOf(slack('U0MALLORY', 'bob@example.com')), []);
  });

  test('someone whose chat email was changed to a listed approver’s cannot approve', async () => {
    const { deps, reloadPolicy, submission } = workflowFixture();
    reloadPolicy(policyListing(['bob@example.com', 'carol']));
    const alice = resolvePrincipal(rules, slack('U0ALICE', 'alice@example.com'));
    const { id } = await submitRequest(deps, submission(scaleText, alice));
    const mallory = resolvePrincipal(rules, slack('U0MALLORY', 'bob@example.com'));
    await assert.rejects(decideRequest(deps, { requestId: id, person: mallory, verdict: 'approve' }), {
      code: 'not_an_approver',
    });
  });

  test('in email mode the email is identity, so the list matches it', async () => {
    const emailRules: IdentityRules = { ...rules, mode: 'email', emailUsernamePrefix: 'oidc:' };
    const frank = resolvePrincipal(emailRules, slack('U0FRANK', 'Bob@Example.com'));
    assert.deepEqual(await authorizedGroups(policy, noNativeGroups, frank, ['sre-leads']), ['sre-leads']);
  });
});

describe('one human is one approver across platforms (issue 15 item 6)', () => {
  // Email identity mode: each platform's email becomes a username, so alice is
  // oidc:alice@corp.example on Slack and oidc:alice@corp.onmicrosoft.example on Teams.
  const people = [
    { emails: ['alice@corp.example', 'alice@corp.onmicrosoft.example'] },
    { slack: ['U0BOB'], teams: ['6F1C2B9E-0000-4000-8000-00000000B0B0'] },
  ];
  const rulesWith = (links: unknown[]): IdentityRules => ({
    mode: 'email',
    emailUsernamePrefix: 'oidc:',
    table: parseIdentityTable({ people: links }, 'identities.yaml'),
  });
  const approvers = [
    'alice@corp.example',
    'alice@corp.onmicrosoft.example',
    'bob@corp.example',
    'bob@corp.onmicrosoft.example',
    'carol@corp.example',
  ];
  const aliceOnSlack = slack('U0ALICE', 'alice@corp.example');
  const aliceOnTeams = teams('aad-alice', 'alice@corp.onmicrosoft.example');
  const bobOnSlack = slack('U0BOB', 'bob@corp.example');
  const bobOnTeams = teams('6f1c2b9e-0000-4000-8000-00000000b0b0', 'bob@corp.onmicrosoft.example');

  async function filedByAlice(rules: IdentityRules) {
    const fixture = workflowFixture();
    fixture.reloadPolicy(policyListing(approvers));
    const { id } = await submitRequest(
      fixture.deps,
      fixture.submission(scaleText, resolvePrincipal(rules, aliceOnSlack)),
    );
    const click = (user: ChatUser, now: IdentityRules = rules) =>
      decideRequest(fixture.deps, { requestId: id, person: resolvePrincipal(now, user), verdict: 'approve' });
    return { ...fixture, id, click };
  }

  test('a person whose Slack email differs from their Teams UPN cannot approve their own request', async () => {
    const rules = rulesWith(people);
    assert.notEqual(
      resolvePrincipal(rules, aliceOnTeams).username,
      resolvePrincipal(rules, aliceOnSlack).username,
    );
    const { click } = await filedByAlice(rules);
    await assert.rejects(click(aliceOnTeams), { code: 'self_approval' });
  });

  test('nor count twice as an approver, however the link names them', async () => {
    const { click, store, id } = await filedByAlice(rulesWith(people));
    const first = await click(bobOnSlack);
    assert.equal(first.record.state, 'pending');
    const again = await click(bobOnTeams);
    assert.equal(again.changed, false);
    assert.equal((await store.get(id))?.approvals.length, 1);
    const second = await click(slack('U0CAROL', 'carol@corp.example'));
    assert.equal(second.record.state, 'approved');
    assert.deepEqual(
      second.record.approvals.map((a) => a.approver.username),
      ['oidc:bob@corp.example', 'oidc:carol@corp.example'],
    );
  });

  test('a link added after filing still refuses the requester’s other account', async () => {
    const { click } = await filedByAlice(rulesWith([]));
    await assert.rejects(click(aliceOnTeams, rulesWith(people)), { code: 'self_approval' });
  });

  test('with no link the two accounts are two people (what the link table is for)', async () => {
    const { click } = await filedByAlice(rulesWith([]));
    const outcome = await click(aliceOnTeams);
    assert.equal(outcome.record.approvals.length, 1);
  });
});
