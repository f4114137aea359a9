import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { ApprovalGate } from '../../../src/adapters/kube-proxy/approval-gate.ts';
import { composeWorkflow } from '../../../src/app/compose-workflow.ts';
import type { AuditEvent } from '../../../src/core/audit/audit-event.ts';
import { buildApprovalCard } from '../../../src/core/cards/build-approval-card.ts';
import { personLists } from '../../../src/core/conversation/person-lists.ts';
import { UserFacingError } from '../../../src/core/errors.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import { resolvePrincipal, type IdentityRules } from '../../../src/core/identity/resolve-principal.ts';
import { ManualClock } from '../../../src/core/ports/clock.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { parseCommand } from '../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import type { WorkflowDeps } from '../../../src/core/workflow/workflow-deps.ts';
import { startFakeOpsgenie, type FakeOpsgenie } from '../../fakes/fake-opsgenie/fake-opsgenie.ts';
import { startFakePagerDuty, type FakePagerDuty } from '../../fakes/fake-pagerduty/fake-pagerduty.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { plainText } from '../../../src/core/cards/person-text.ts';

const silent = pino({ level: 'silent' });
const START = Date.UTC(2026, 11, 5, 10, 0, 0);
const HOUR = 3_600_000;

const POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: on-call }
spec:
  approverGroups:
    sre-oncall: { onCall: { pagerduty: { scheduleId: PSCHED1 } } }
    ops-oncall: { onCall: { opsgenie: { scheduleName: ops-primary } } }
  grantableRoles:
    - { name: edit, kind: ClusterRole, maxDuration: 4h }
  rules:
    - name: on-call-shortcut
      match: { namespaces: [prod-*], requesters: { onCall: { pagerduty: { scheduleId: PSCHED1 } } } }
      outcome: auto-approve
    - name: kubectl-on-call
      match: { origins: [kubectl], namespaces: [prod-*], verbs: [delete], requesters: { onCall: { pagerduty: { scheduleId: PSCHED1 } } } }
      outcome: auto-approve
    - name: kubectl-prod
      match: { origins: [kubectl], namespaces: [prod-*], verbs: [delete], requesters: { notOnCall: { pagerduty: { scheduleId: PSCHED1 } } } }
      outcome: require-approval
      approval: { approverGroups: [sre-oncall] }
    - name: prod
      match: { namespaces: [prod-*], requesters: { notOnCall: { pagerduty: { scheduleId: PSCHED1 } } } }
      outcome: require-approval
      approval: { approverGroups: [sre-oncall] }
    - name: ops
      match: { namespaces: [ops-*] }
      outcome: require-approval
      approval: { approverGroups: [ops-oncall] }
`;

/** The identity table links each console user to their PagerDuty user ID or Opsgenie username. */
const RULES: IdentityRules = {
  mode: 'table',
  emailUsernamePrefix: '',
  table: parseIdentityTable(
    {
      web: {
        'sub-alice': { username: 'alice', groups: [] },
        'sub-bob': { username: 'bob', groups: [] },
        'sub-carol': { username: 'carol', groups: [] },
      },
      people: [
        { web: ['sub-alice'], pagerduty: ['PALICE'] },
        { web: ['sub-bob'], pagerduty: ['PBOB'], opsgenie: ['bob@example.com'] },
        { web: ['sub-carol'], pagerduty: ['PCAROL'] },
        // A kubectl user is linked by the Kubernetes username the API server authenticated.
        { usernames: ['dana'], pagerduty: ['PDANA'] },
      ],
    },
    'test',
  ),
};
const who = (sub: string, email?: string): Principal =>
  resolvePrincipal(RULES, { platform: 'web', userId: sub, ...(email ? { email } : {}) });
const alice = who('sub-alice');
const bob = who('sub-bob');
const carol = who('sub-carol', 'carol@example.com');

const shift = (userId: string, hours = 8) => ({
  userId,
  scheduleId: 'PSCHED1',
  escalationPolicyId: 'PEP1',
  start: new Date(START - HOUR).toISOString(),
  end: new Date(START + hours * HOUR).toISOString(),
});

let redis: RedisServer;
let dir: string;
let pagerduty: FakePagerDuty;
let opsgenie: FakeOpsgenie;
let clock: ManualClock;
let deps: WorkflowDeps;
const closing: (() => Promise<void>)[] = [];

before(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'countersign-on-call-'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  pagerduty = await startFakePagerDuty({
    token: 'pd-token',
    users: {
      PALICE: { name: 'Alice', email: 'alice@example.com' },
      PBOB: { name: 'Bob', email: 'bob@example.com' },
      PCAROL: { name: 'Carol', email: 'carol@example.com' },
      PDANA: { name: 'alice', email: 'dana@example.com' },
    },
    oncalls: [],
  });
  opsgenie = await startFakeOpsgenie({ apiKey: 'og-key', schedules: [] });
});

beforeEach(() => {
  clock = new ManualClock(START);
  pagerduty.failWith(undefined);
  pagerduty.hang(false);
  pagerduty.setRateLimit(960);
  opsgenie.failWith(undefined);
  const composed = composeWorkflow(
    {
      redis: { url: redis.url, keyPrefix: `cs-${randomBytes(3).toString('hex')}` },
      kubernetes: { clusters: [{ name: 'test', context: 'test' }], defaultCluster: 'test' },
      policyFile: join(dir, 'policy.yaml'),
      tuning: { remindBeforeMs: 15 * 60_000 },
      onCall: {
        pagerduty: { apiUrl: pagerduty.url, token: 'pd-token', timeoutMs: 400 },
        opsgenie: { apiUrl: opsgenie.url, apiKey: 'og-key' },
        cacheTtlMs: 60_000,
      },
    },
    silent,
    { cluster: new RecordingCluster(), clock, watchPolicy: false },
  );
  closing.push(() => composed.close());
  deps = composed.deps;
});

after(async () => {
  for (const close of closing.reverse()) await close();
  await Promise.all([redis?.stop(), pagerduty?.stop(), opsgenie?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const file = (requester: Principal, namespace = 'prod-payments') => {
  const text = `access role/edit -n ${namespace} --for 1h --reason incident`;
  return submitRequest(deps, { text, request: parseCommand(text) as ChangeRequest, requester });
};

async function events(requestId: string): Promise<AuditEvent[]> {
  const found: AuditEvent[] = [];
  for await (const record of deps.audit.readAll())
    if (record.event.requestId === requestId) found.push(record.event);
  return found;
}

async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof UserFacingError, `expected a refusal, got ${String(error)}`);
  return error;
}

describe('on-call approver groups are resolved at the click, failing closed', () => {
  test("the on-call approver's click approves; a member of no shift is refused and audited", async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(carol, 'prod-web');
    // carol is not on call: her own request needs approval.
    assert.equal(record.state, 'pending');

    const off = await refusal(
      decideRequest(deps, { requestId: record.id, person: alice, verdict: 'approve' }),
    );
    assert.equal(off.code, 'not_an_approver');
    assert.match(
      off.message,
      /You are not on call now for PagerDuty schedule PSCHED1, so your click was not counted/,
    );
    const on = await decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' });
    assert.equal(on.record.state, 'approved');

    const audit = await events(record.id);
    const refused = audit.find((e) => e.type === 'refused');
    assert.equal(refused?.actor, 'alice');
    assert.deepEqual(
      audit
        .filter((e) => e.type === 'approved')
        .map((e) => [e.actor, e.type === 'approved' && e.details.groups]),
      [['bob', ['sre-oncall']]],
    );
  });

  test('PagerDuty down at the click: refused with a message naming the service and problem, audited, not approved', async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(carol, 'prod-web');
    clock.advance(60_000); // past the answer filing cached
    pagerduty.failWith(503);
    const error = await refusal(
      decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' }),
    );
    assert.equal(error.code, 'on_call_unavailable');
    assert.match(error.message, /PagerDuty schedule PSCHED1 could not be checked: the API answered 503/);
    assert.match(error.message, /not counted/);
    assert.equal((await deps.store.get(record.id))?.state, 'pending');
    const refused = (await events(record.id)).find((e) => e.type === 'refused');
    assert.equal(refused?.type === 'refused' && refused.details.code, 'on_call_unavailable');
    assert.match(refused?.type === 'refused' ? refused.details.reason : '', /PagerDuty schedule PSCHED1/);

    // Back up: the click counts.
    pagerduty.failWith(undefined);
    const ok = await decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' });
    assert.equal(ok.record.state, 'approved');
  });

  test('429 from PagerDuty refuses the click with the rate limit named', async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(carol, 'prod-web');
    clock.advance(60_000);
    pagerduty.setRateLimit(0);
    const error = await refusal(
      decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' }),
    );
    assert.equal(error.code, 'on_call_unavailable');
    assert.match(error.message, /rate-limited by the API \(429 Too Many Requests\), retry in \d+ s/);
  });

  test('answers are reused per schedule until the cache expires by the clock', async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(carol, 'prod-web');
    clock.advance(60_000);
    const before = pagerduty.requests.length;
    await refusal(decideRequest(deps, { requestId: record.id, person: alice, verdict: 'approve' }));
    await refusal(decideRequest(deps, { requestId: record.id, person: alice, verdict: 'deny', reason: 'x' }));
    assert.equal(pagerduty.requests.length - before, 1, 'the second click reused the answer');
    // The shift moves to alice; within the TTL the cached roster still says bob.
    pagerduty.oncalls = [shift('PALICE')];
    await refusal(decideRequest(deps, { requestId: record.id, person: alice, verdict: 'approve' }));
    clock.advance(60_000);
    const now = await decideRequest(deps, { requestId: record.id, person: alice, verdict: 'approve' });
    assert.equal(now.record.state, 'approved');
    assert.equal(pagerduty.requests.length - before, 2);
  });

  test('an Opsgenie on-call approver is found by the username the identity table links', async () => {
    opsgenie.schedules = [{ id: 'og-1', name: 'ops-primary', onCall: ['bob@example.com'] }];
    const record = await file(carol, 'ops-tools');
    await refusal(decideRequest(deps, { requestId: record.id, person: alice, verdict: 'approve' }));
    const ok = await decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' });
    assert.equal(ok.record.state, 'approved');
    const last = opsgenie.requests.at(-1);
    assert.equal(last?.path, '/v2/schedules/ops-primary/on-calls');
    assert.equal(last?.query.get('scheduleIdentifierType'), 'name');
  });
});

describe('requesters.onCall auto-approves an on-call requester, audited with the schedule and time', () => {
  test('on call: approved by policy; the decided event names the schedule and when it was checked', async () => {
    pagerduty.oncalls = [shift('PALICE')];
    const record = await file(alice);
    assert.equal(record.state, 'approved');
    assert.deepEqual(record.decision.matchedRules, ['on-call-shortcut']);
    const decided = (await events(record.id)).find((e) => e.type === 'decided');
    assert.equal(decided?.type === 'decided' && decided.details.outcome, 'auto-approve');
    assert.deepEqual(decided?.type === 'decided' && decided.details.requesterOnCall, [
      { schedule: 'PagerDuty schedule PSCHED1', checkedAt: new Date(START).toISOString() },
    ]);
    assert.ok(
      buildApprovalCard(record, START)
        .notes.map(plainText)
        .includes('alice was on call for PagerDuty schedule PSCHED1 at 2026-12-05 10:00 UTC'),
    );
  });

  test('not on call: the normal approval flow', async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(alice);
    assert.equal(record.state, 'pending');
    assert.deepEqual(record.decision.matchedRules, ['prod']);
  });

  test('PagerDuty down at filing: no auto-approval, the request waits for approvers and says why', async () => {
    pagerduty.oncalls = [shift('PALICE')];
    pagerduty.failWith(500);
    const record = await file(alice);
    assert.equal(record.state, 'pending');
    const decided = (await events(record.id)).find((e) => e.type === 'decided');
    assert.equal(decided?.type === 'decided' && decided.details.outcome, 'require-approval');
    assert.match(
      (decided?.type === 'decided' && decided.details.onCallUnavailable?.[0]) || '',
      /PagerDuty schedule PSCHED1 could not be checked: the API answered 500/,
    );
    const notes = buildApprovalCard(record, START).notes.map(plainText).join('\n');
    assert.match(notes, /On-call auto-approval did not apply: .*500.*The normal approval flow applies\./);
  });
});

describe('"needs you" lists ask the on-call services (issue 18)', () => {
  beforeEach(() => {
    opsgenie.schedules = [{ id: 'og-1', name: 'ops-primary', onCall: [] }];
  });

  test('a request waiting on an on-call group needs whoever is on call now, and nobody else', async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(carol, 'prod-web');
    const forBob = await personLists(deps, bob);
    assert.deepEqual(
      forBob.needsYou.map((r) => r.id),
      [record.id],
    );
    assert.ok(forBob.approverGroups.includes('sre-oncall'));
    assert.deepEqual(forBob.notes, []);
    assert.deepEqual((await personLists(deps, alice)).needsYou, []);
    assert.deepEqual(
      (await personLists(deps, carol)).mineOpen.map((r) => r.id),
      [record.id],
    );

    // The shift moves to alice: once the cached answer expires, the request needs her instead.
    pagerduty.oncalls = [shift('PALICE')];
    clock.advance(60_000);
    assert.deepEqual(
      (await personLists(deps, alice)).needsYou.map((r) => r.id),
      [record.id],
    );
    assert.deepEqual((await personLists(deps, bob)).needsYou, []);
  });

  test('on-call service down: the lists still come back, with a note naming the service, problem and groups', async () => {
    pagerduty.oncalls = [shift('PBOB')];
    const record = await file(carol, 'prod-web');
    clock.advance(60_000);
    pagerduty.failWith(503);
    const lists = await personLists(deps, bob);
    assert.deepEqual(lists.needsYou, [], 'fail closed: not listed as needing bob');
    assert.deepEqual(lists.notes, [
      'PagerDuty schedule PSCHED1 could not be checked: the API answered 503 Service Unavailable. Requests waiting on sre-oncall may be missing here until it answers.',
    ]);
    assert.deepEqual(
      (await personLists(deps, carol)).mineOpen.map((r) => r.id),
      [record.id],
    );
  });
});

describe('a click fails closed when PagerDuty hangs or refuses the key (issue 18 item 4)', () => {
  for (const [how, breakIt, cause] of [
    ['hangs', () => pagerduty.hang(true), /the API did not answer within 0\.4 s/],
    [
      'answers 403',
      () => pagerduty.failWith(403),
      /the API token may not read this schedule \(403 Forbidden\)/,
    ],
  ] as const) {
    test(`PagerDuty ${how}: the on-call approver's click is refused, naming the service and the cause`, async () => {
      pagerduty.oncalls = [shift('PBOB')];
      const record = await file(carol, 'prod-web');
      clock.advance(60_000);
      breakIt();
      const error = await refusal(
        decideRequest(deps, { requestId: record.id, person: bob, verdict: 'approve' }),
      );
      assert.equal(error.code, 'on_call_unavailable');
      assert.match(error.message, /PagerDuty schedule PSCHED1 could not be checked/);
      assert.match(error.message, cause);
      assert.equal((await deps.store.get(record.id))?.state, 'pending');
    });
  }
});

describe('kubectl requesters are on call by the identity table (issue 18 item 3)', () => {
  const call = (pod: string) => ({
    cluster: 'test',
    method: 'DELETE',
    path: `/api/v1/namespaces/prod-payments/pods/${pod}`,
    headers: {},
    upgrade: false,
  });
  const dana = { username: 'dana', uid: 'uid-dana', groups: ['developers'] };

  test('an on-call kubectl user is auto-approved: filed approved, audited with the schedule, forwarded once as approved', async () => {
    pagerduty.oncalls = [shift('PDANA')];
    const gate = new ApprovalGate({ deps, pollMs: 50, identityTable: () => RULES.table });
    try {
      const verdict = await gate.admit(call('web-1'), dana, new AbortController().signal);
      assert.equal(verdict.kind, 'approved');
      if (verdict.kind === 'approved') await verdict.done({ status: 200 });
      const all: AuditEvent[] = [];
      for await (const entry of deps.audit.readAll()) all.push(entry.event);
      const filed = all.filter((e) => e.type === 'submitted' && e.actor === 'dana');
      assert.equal(filed.length, 1, 'one request filed for the on-call kubectl call');
      const trail = all.filter((e) => e.requestId === filed[0]?.requestId).map((e) => e.type);
      assert.deepEqual(trail.slice(0, 2), ['submitted', 'decided']);
      assert.ok(trail.includes('executed'), `forwarded and recorded: ${trail.join(', ')}`);
      const decided = all.filter((e) => e.type === 'decided' && e.requestId === filed[0]?.requestId);
      const details = decided[0]?.type === 'decided' ? decided[0].details : undefined;
      assert.equal(details?.outcome, 'auto-approve');
      assert.deepEqual(details?.requesterOnCall, [
        { schedule: 'PagerDuty schedule PSCHED1', checkedAt: new Date(START).toISOString() },
      ]);
    } finally {
      await gate.close();
    }
  });

  test('the display name does not link: a PagerDuty user named "alice" makes no kubectl alice on call', async () => {
    pagerduty.oncalls = [shift('PDANA')]; // PDANA's display name is "alice"
    const gate = new ApprovalGate({ deps, pollMs: 50, holdLimitMs: 0, identityTable: () => RULES.table });
    try {
      const verdict = await gate.admit(
        call('web-2'),
        { username: 'alice', uid: 'uid-alice', groups: [] },
        new AbortController().signal,
      );
      assert.equal(verdict.kind, 'refuse');
      assert.match(verdict.kind === 'refuse' ? verdict.message : '', /still waiting for approval/);
    } finally {
      await gate.close();
    }
  });

  test('without the identity table nobody is linked: the on-call kubectl user waits for approval', async () => {
    pagerduty.oncalls = [shift('PDANA')];
    const gate = new ApprovalGate({ deps, pollMs: 50, holdLimitMs: 0 });
    try {
      const verdict = await gate.admit(call('web-3'), dana, new AbortController().signal);
      assert.equal(verdict.kind, 'refuse');
    } finally {
      await gate.close();
    }
  });
});
