import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CachedOnCall } from '../../../src/adapters/on-call/cached-on-call.ts';
import { ON_CALL_TIMEOUT_MS } from '../../../src/adapters/on-call/on-call-http.ts';
import { opsgenieOnCall } from '../../../src/adapters/on-call/opsgenie-on-call.ts';
import { pagerDutyOnCall } from '../../../src/adapters/on-call/pagerduty-on-call.ts';
import { ManualClock } from '../../../src/core/ports/clock.ts';
import { OnCallUnavailableError } from '../../../src/core/ports/on-call.ts';
import { startFakeOpsgenie, type FakeOpsgenie } from '../../fakes/fake-opsgenie/fake-opsgenie.ts';
import { startFakePagerDuty, type FakePagerDuty } from '../../fakes/fake-pagerduty/fake-pagerduty.ts';
import { freePorts } from '../../harness/free-port.ts';

const START = Date.UTC(2026, 11, 5, 10, 0, 0);
const HOUR = 3_600_000;
const SCHEDULE = { provider: 'pagerduty', scheduleId: 'PSCHED1' } as const;
const POLICY = { provider: 'pagerduty', escalationPolicyId: 'PEP1' } as const;

let pagerduty: FakePagerDuty;
let opsgenie: FakeOpsgenie;

const entry = (userId: string, level: number, from = -1, to = 8) => ({
  userId,
  scheduleId: 'PSCHED1',
  escalationPolicyId: 'PEP1',
  escalationLevel: level,
  start: new Date(START + from * HOUR).toISOString(),
  end: new Date(START + to * HOUR).toISOString(),
});

before(async () => {
  const users: Record<string, { name: string; email: string }> = {};
  for (const id of ['P1', 'P2', 'P3', 'P4', 'P5', 'PLATER'])
    users[id] = { name: `User ${id}`, email: `${id.toLowerCase()}@example.com` };
  pagerduty = await startFakePagerDuty({
    token: 'pd-token',
    users,
    oncalls: [
      entry('P1', 1),
      entry('P2', 2),
      entry('P3', 3),
      entry('P4', 4),
      entry('P5', 5),
      entry('PLATER', 1, 2, 10), // a shift that starts in two hours
    ],
  });
  opsgenie = await startFakeOpsgenie({
    apiKey: 'og-key',
    schedules: [{ id: 'og-1', name: 'ops primary', onCall: ['Dana@example.com', 'eve@example.com'] }],
  });
});

after(async () => {
  await Promise.all([pagerduty?.stop(), opsgenie?.stop()]);
});

const expectUnavailable = async (promise: Promise<unknown>, pattern: RegExp): Promise<void> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof OnCallUnavailableError, `expected OnCallUnavailableError, got ${String(error)}`);
  assert.match(error.message, pattern);
};

test('PagerDuty: every page is read (limit/offset/more), users carry ID and email, only shifts covering now', async () => {
  const before = pagerduty.requests.length;
  const roster = await pagerDutyOnCall(
    { apiUrl: pagerduty.url, token: 'pd-token', pageSize: 2 },
    SCHEDULE,
    new ManualClock(START),
  );
  assert.deepEqual(
    roster.users.map((u) => [u.id, u.email]),
    ['P1', 'P2', 'P3', 'P4', 'P5'].map((id) => [id, `${id.toLowerCase()}@example.com`]),
  );
  const seen = pagerduty.requests.slice(before);
  assert.deepEqual(
    seen.map((r) => r.query.get('offset')),
    ['0', '2', '4'],
  );
  const first = seen[0]!;
  assert.deepEqual(first.query.getAll('schedule_ids[]'), ['PSCHED1']);
  assert.deepEqual(first.query.getAll('include[]'), ['users']);
  assert.equal(first.query.get('earliest'), 'true');
  assert.equal(first.query.get('since'), new Date(START).toISOString());
  assert.equal(roster.checkedAt, START);
});

test('PagerDuty: an escalation policy is asked by escalation_policy_ids[]; later shifts count once they start', async () => {
  const settings = { apiUrl: pagerduty.url, token: 'pd-token' };
  const later = await pagerDutyOnCall(settings, POLICY, new ManualClock(START + 3 * HOUR));
  assert.ok(later.users.some((u) => u.id === 'PLATER'));
  assert.deepEqual(pagerduty.requests.at(-1)?.query.getAll('escalation_policy_ids[]'), ['PEP1']);
  const now = await pagerDutyOnCall(settings, POLICY, new ManualClock(START));
  assert.ok(!now.users.some((u) => u.id === 'PLATER'));
});

test('PagerDuty failures name the problem: 401, 429 with ratelimit-reset, 5xx, unreachable', async () => {
  const clock = new ManualClock(START);
  await expectUnavailable(
    pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'wrong' }, SCHEDULE, clock),
    /^PagerDuty schedule PSCHED1 could not be checked: the API token was refused \(401/,
  );
  pagerduty.setRateLimit(1);
  await pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'pd-token' }, SCHEDULE, clock);
  await expectUnavailable(
    pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'pd-token' }, SCHEDULE, clock),
    /rate-limited by the API \(429 Too Many Requests\), retry in \d+ s/,
  );
  pagerduty.setRateLimit(960);
  pagerduty.failWith(502);
  await expectUnavailable(
    pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'pd-token' }, SCHEDULE, clock),
    /the API answered 502/,
  );
  pagerduty.failWith(undefined);
  const [port] = await freePorts(1);
  await expectUnavailable(
    pagerDutyOnCall({ apiUrl: `http://127.0.0.1:${port}`, token: 'pd-token' }, SCHEDULE, clock),
    /the API could not be reached \(.*ECONNREFUSED/,
  );
});

test('Opsgenie: by name (encoded) or ID, flat usernames, GenieKey auth; 401 and 404 named', async () => {
  const settings = { apiUrl: opsgenie.url, apiKey: 'og-key' };
  const clock = new ManualClock(START);
  const byName = await opsgenieOnCall(settings, { provider: 'opsgenie', scheduleName: 'ops primary' }, clock);
  assert.deepEqual(
    byName.users.map((u) => u.id),
    ['Dana@example.com', 'eve@example.com'],
  );
  const request = opsgenie.requests.at(-1)!;
  assert.equal(request.path, '/v2/schedules/ops%20primary/on-calls');
  assert.equal(request.query.get('flat'), 'true');
  const byId = await opsgenieOnCall(settings, { provider: 'opsgenie', scheduleId: 'og-1' }, clock);
  assert.equal(byId.users.length, 2);
  assert.equal(opsgenie.requests.at(-1)?.query.get('scheduleIdentifierType'), 'id');
  await expectUnavailable(
    opsgenieOnCall({ ...settings, apiKey: 'nope' }, { provider: 'opsgenie', scheduleId: 'og-1' }, clock),
    /^Opsgenie schedule og-1 could not be checked: the API token was refused \(401/,
  );
  await expectUnavailable(
    opsgenieOnCall(settings, { provider: 'opsgenie', scheduleId: 'missing' }, clock),
    /no such schedule \(404/,
  );
  opsgenie.setRateLimit(0);
  await expectUnavailable(
    opsgenieOnCall(settings, { provider: 'opsgenie', scheduleId: 'og-1' }, clock),
    /429 Too Many Requests\), retry in 60 s/,
  );
  opsgenie.setRateLimit(600);
});

test('a key that may not read the schedule (403) and a refused key (401) name the service and the cause (issue 18 item 4)', async () => {
  const clock = new ManualClock(START);
  pagerduty.failWith(403);
  await expectUnavailable(
    pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'pd-token' }, SCHEDULE, clock),
    /^PagerDuty schedule PSCHED1 could not be checked: the API token may not read this schedule \(403 Forbidden\)$/,
  );
  pagerduty.failWith(401);
  await expectUnavailable(
    pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'pd-token' }, SCHEDULE, clock),
    /^PagerDuty schedule PSCHED1 could not be checked: the API token was refused \(401 Unauthorized\)/,
  );
  pagerduty.failWith(undefined);
  opsgenie.failWith(403);
  await expectUnavailable(
    opsgenieOnCall(
      { apiUrl: opsgenie.url, apiKey: 'og-key' },
      { provider: 'opsgenie', scheduleName: 'ops primary' },
      clock,
    ),
    /^Opsgenie schedule "ops primary" could not be checked: the API token may not read this schedule \(403 Forbidden\)$/,
  );
  opsgenie.failWith(undefined);
});

test('an API that hangs fails closed after the bounded timeout, naming the service (issue 18 item 4)', async () => {
  const clock = new ManualClock(START);
  pagerduty.hang(true);
  opsgenie.hang(true);
  try {
    const pdAsked = pagerduty.requests.length;
    await expectUnavailable(
      pagerDutyOnCall({ apiUrl: pagerduty.url, token: 'pd-token', timeoutMs: 300 }, SCHEDULE, clock),
      /^PagerDuty schedule PSCHED1 could not be checked: the API did not answer within 0\.3 s$/,
    );
    assert.equal(pagerduty.requests.length - pdAsked, 1, 'the request reached the API, which never answered');
    await expectUnavailable(
      opsgenieOnCall(
        { apiUrl: opsgenie.url, apiKey: 'og-key', timeoutMs: 300 },
        { provider: 'opsgenie', scheduleId: 'og-1' },
        clock,
      ),
      /^Opsgenie schedule og-1 could not be checked: the API did not answer within 0\.3 s$/,
    );
  } finally {
    pagerduty.hang(false);
    opsgenie.hang(false);
  }
  assert.equal(ON_CALL_TIMEOUT_MS, 5000, 'without ON_CALL_TIMEOUT a look-up waits 5 s at most');
});

test('the cache reuses an answer per schedule for its TTL by the injected clock, never a failure', async () => {
  const clock = new ManualClock(START);
  const port = new CachedOnCall(
    { pagerduty: { apiUrl: pagerduty.url, token: 'pd-token' }, cacheTtlMs: 60_000 },
    clock,
  );
  const count = () => pagerduty.requests.length;
  const start = count();
  await Promise.all([port.onCallNow(SCHEDULE), port.onCallNow(SCHEDULE)]);
  assert.equal(count() - start, 1, 'concurrent questions share a request');
  clock.advance(59_999);
  await port.onCallNow(SCHEDULE);
  assert.equal(count() - start, 1);
  await port.onCallNow(POLICY);
  assert.equal(count() - start, 2, 'another target is asked on its own');
  clock.advance(1);
  pagerduty.failWith(503);
  await expectUnavailable(port.onCallNow(SCHEDULE), /503/);
  pagerduty.failWith(undefined);
  const again = await port.onCallNow(SCHEDULE);
  assert.equal(again.checkedAt, START + 60_000);
  await expectUnavailable(
    port.onCallNow({ provider: 'opsgenie', scheduleId: 'og-1' }),
    /Opsgenie is not configured \(set OPSGENIE_API_KEY\)/,
  );
});
