import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { parseIdentityTable, platformUserIdOf } from '../../../../src/core/identity/identity-table.ts';
import { fileRequest } from '../../../../src/core/lifecycle/file-request.ts';
import { ChatNotifier } from '../../../../src/core/notify/chat-notifier.ts';
import { surfaceNotifier } from '../../../../src/core/notify/surface-notifier.ts';
import type { ChatMessage, ChatPort } from '../../../../src/core/ports/chat.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';
import { decideRequest } from '../../../../src/core/workflow/decide-request.ts';
import { escalateRequest } from '../../../../src/core/workflow/escalate-request.ts';
import { submitRequest } from '../../../../src/core/workflow/submit-request.ts';
import { requireApproval } from '../../../integration/store/fixtures.ts';
import { workflowFixture } from '../workflow/workflow-harness.ts';
import { plainText } from '../../../../src/core/cards/person-text.ts';

/** A chat that knows a few channels by name and records every post. */
class RecordingChat implements ChatPort {
  readonly posts: { channel: string; message: ChatMessage; thread?: string }[] = [];
  /** User IDs a direct conversation was opened with. */
  readonly opened: string[] = [];

  constructor(
    readonly platform: 'slack' | 'teams',
    private readonly channels: Readonly<Record<string, string>>,
    private readonly directs: Readonly<Record<string, string>> = {},
  ) {}

  resolveChannel(nameOrId: string): Promise<string | undefined> {
    return Promise.resolve(this.channels[nameOrId.replace(/^#/, '')]);
  }
  openDirect(userId: string): Promise<string | undefined> {
    this.opened.push(userId);
    return Promise.resolve(this.directs[userId]);
  }
  post(channel: string, message: ChatMessage, thread?: string): Promise<string> {
    this.posts.push({ channel, message, ...(thread ? { thread } : {}) });
    return Promise.resolve(`m${this.posts.length}`);
  }
  update(): Promise<void> {
    return Promise.resolve();
  }
  remove(): Promise<void> {
    return Promise.resolve();
  }
  isUnreachable(): boolean {
    return false;
  }
}

const log = pino({ level: 'silent' });

describe('ChatNotifier card targets', () => {
  for (const platform of ['slack', 'teams'] as const) {
    test(`${platform}: the incident channel follows the platform's template and break-glass reaches its security channel`, async () => {
      const { deps, clock } = workflowFixture();
      const chat = new RecordingChat(platform, {
        'prod-approvals': 'P1',
        'war-4312': 'I1',
        security: 'S1',
      });
      const notifier = surfaceNotifier(
        chat,
        { incidentChannelTemplate: 'war-{id}', securityChannel: '#security' },
        { workflow: deps, identity: { table: parseIdentityTable({}, 'test') }, log },
      );
      const requester: Principal = { platform, platformUserId: 'u1', username: 'mallory', groups: [] };
      const text =
        'scale deployment/api --replicas 9 -n prod-payments --incident 4312 --break-glass --reason down';
      const filed = fileRequest({
        id: 'cs-bbbbbbbbbb',
        request: parseCommand(text) as ChangeRequest,
        text,
        cluster: 'test',
        requester,
        decision: requireApproval(['sre-leads'], {
          breakGlassAllowed: true,
          channels: { slack: ['#prod-approvals'], teams: ['#prod-approvals'], web: [] },
        }),
        requesterStepUp: {
          issuer: 'https://id.example.com',
          subject: 's',
          amr: ['mfa'],
          authTime: clock.now(),
        },
        at: clock.now(),
      });
      assert.equal(await deps.store.create(filed.record, filed.events), true);
      await notifier.requestChanged(filed.record);
      await notifier.requestChanged(filed.record);
      const cards = chat.posts.filter((p) => p.thread === undefined && p.message.kind === 'card');
      assert.deepEqual(cards.map((p) => p.channel).sort(), ['I1', 'P1', 'S1']);
    });
  }
});

describe('ChatNotifier and requests from kubectl', () => {
  const kubectlRequest: ChangeRequest = {
    type: 'api',
    verb: 'delete',
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'prod-payments',
    name: 'web-7f9c',
    cluster: 'test',
    reason: 'run from kubectl through countersign proxy',
    breakGlass: false,
    call: {
      method: 'DELETE',
      path: '/api/v1/namespaces/prod-payments/pods/web-7f9c',
      bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
  };
  const requester: Principal = {
    platform: 'kubectl',
    platformUserId: 'alice',
    username: 'alice',
    groups: [],
  };

  const filedFromKubectl = async () => {
    const { deps, clock } = workflowFixture();
    const filed = fileRequest({
      id: 'cs-kkkkkkkkkk',
      request: kubectlRequest,
      text: 'kubectl delete pods web-7f9c -n prod-payments',
      cluster: 'test',
      requester,
      decision: requireApproval(['sre-leads'], {
        channels: { slack: ['#prod-approvals'], teams: [], web: ['approvals'] },
      }),
      at: clock.now(),
    });
    assert.equal(await deps.store.create(filed.record, filed.events), true);
    return { deps, clock, record: filed.record };
  };

  test('the requester is told by DM at once, with the request ID and where it waits, through the identity table read backwards', async () => {
    const { deps, clock, record } = await filedFromKubectl();
    const chat = new RecordingChat('slack', { 'prod-approvals': 'P1' }, { 'U-ALICE': 'D1' });
    const notifier = new ChatNotifier({
      chat,
      store: deps.store,
      clock,
      log,
      chatUserOf: (username) => (username === 'alice' ? 'U-ALICE' : undefined),
    });
    await notifier.requestChanged(record);
    await notifier.requestChanged(record);
    const direct = chat.posts.filter((p) => p.channel === 'D1');
    assert.equal(direct.length, 1, 'told once, however often the notify job runs');
    const message = direct[0]?.message;
    assert.equal(message?.kind, 'line');
    assert.equal(
      message?.kind === 'line' ? plainText(message.text) : '',
      'kubectl delete pods/web-7f9c in prod-payments (cs-kkkkkkkkkk): your kubectl command is waiting for approval in Slack #prod-approvals, the console (approvals); it runs when approved (Ctrl-C cancels the request)',
    );
    assert.ok(chat.posts.some((p) => p.channel === 'P1' && p.message.kind === 'card'));
  });

  for (const platform of ['slack', 'teams'] as const) {
    test(`${platform}: a surface's notifier finds the requester's ${platform} user in the identity table`, async () => {
      const { deps, record } = await filedFromKubectl();
      const chat = new RecordingChat(
        platform,
        { 'prod-approvals': 'P1' },
        { 'U-ALICE': 'D1', 'T-ALICE': 'D2' },
      );
      const table = parseIdentityTable(
        { slack: { 'U-ALICE': { username: 'alice' } }, teams: { 'T-ALICE': { username: 'alice' } } },
        'test',
      );
      await surfaceNotifier(chat, {}, { workflow: deps, identity: { table }, log }).requestChanged(record);
      assert.deepEqual(chat.opened, [platform === 'slack' ? 'U-ALICE' : 'T-ALICE']);
    });
  }

  test('with nobody mapped to the Kubernetes username in the identity table, no DM is sent, nothing fails, and it is logged at debug', async () => {
    const { deps, clock, record } = await filedFromKubectl();
    // U-ALICE exists on Slack (openDirect would reach D1), but the table maps only bob.
    const chat = new RecordingChat('slack', { 'prod-approvals': 'P1' }, { 'U-ALICE': 'D1', 'U-BOB': 'D2' });
    const table = parseIdentityTable({ slack: { 'U-BOB': { username: 'bob' } } }, 'test');
    type LogLine = { level: number; msg: string; requester?: string };
    const lines: LogLine[] = [];
    const capture = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
    );
    const notifier = new ChatNotifier({
      chat,
      store: deps.store,
      clock,
      log: capture,
      chatUserOf: (username) => platformUserIdOf(table, 'slack', username),
    });
    await notifier.requestChanged(record);
    assert.deepEqual(
      chat.posts.map((p) => p.channel),
      ['P1'],
    );
    assert.deepEqual(chat.opened, [], 'no direct conversation is even opened');
    const debug = lines.filter((l) => l.level === 20); // pino: 20 debug, 30 info
    assert.ok(
      debug.some((l) => l.requester === 'alice' && /maps no slack user/.test(l.msg)),
      JSON.stringify(lines),
    );
    assert.deepEqual(
      lines.filter((l) => l.level > 30),
      [],
      'no warning or error for an unmapped requester',
    );
  });
});

describe('ChatNotifier on a waiting request', () => {
  const POLICY_TEXT = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: waiting }
spec:
  defaults: { requestTTL: 1h }
  approverGroups:
    sre-leads: { users: [bob@example.com] }
    sre-oncall: { users: [dave@example.com] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        channels: { slack: ['#prod-approvals'] }
        remindApproversEvery: 15m
        escalation: [{ after: 10m, approverGroups: [sre-oncall], channels: { slack: ['#sre-oncall'] } }]
`;
  const MINUTE = 60_000;

  async function waiting() {
    const fixture = workflowFixture();
    fixture.reloadPolicy(POLICY_TEXT);
    const chat = new RecordingChat('slack', { 'prod-approvals': 'P1', 'sre-oncall': 'O1' });
    const notifier = new ChatNotifier({ chat, store: fixture.deps.store, clock: fixture.clock, log });
    const record = await submitRequest(
      fixture.deps,
      fixture.submission('scale deployment/api --replicas 5 -n prod-payments --reason load'),
    );
    await notifier.requestChanged(record);
    return { ...fixture, chat, notifier, record };
  }

  test('escalation: the backups get their card; the first card and its thread say "escalated to …"', async () => {
    const { deps, clock, chat, notifier, record } = await waiting();
    clock.advance(10 * MINUTE);
    await escalateRequest(deps, record.id);
    const escalated = await deps.store.get(record.id);
    assert.ok(escalated);
    await notifier.requestChanged(escalated);
    await notifier.requestChanged(escalated);
    const cards = chat.posts.filter((p) => p.thread === undefined && p.message.kind === 'card');
    assert.deepEqual(
      cards.map((p) => p.channel),
      ['P1', 'O1'],
      'one card each, the backups’ posted once',
    );
    const lines = chat.posts.filter((p) => p.thread !== undefined).map((p) => [p.channel, p.message]);
    assert.deepEqual(lines, [
      ['P1', { kind: 'line', text: ['Escalated to sre-oncall: no decision after 10m'] }],
      ['O1', { kind: 'line', text: ['Escalated to sre-oncall: no decision after 10m'] }],
    ]);
    const backupCard = cards[1]?.message;
    assert.ok(backupCard?.kind === 'card');
    assert.ok(backupCard.card.actions.some((a) => a.id === 'approve'));
    assert.ok(
      backupCard.card.notes.map(plainText).includes('Escalated to sre-oncall: no decision after 10m'),
    );
  });

  test('reminders: one line per interval in the card’s thread, never a new card, none once decided', async () => {
    const { deps, clock, chat, notifier, record } = await waiting();
    const threadLines = () => chat.posts.filter((p) => p.thread !== undefined);
    await notifier.remindApprovers(record);
    assert.equal(threadLines().length, 0, 'nothing before the first interval');
    clock.advance(15 * MINUTE);
    await notifier.remindApprovers(record);
    await notifier.remindApprovers(record);
    assert.deepEqual(
      threadLines().map((p) => [p.channel, p.thread, p.message]),
      [
        [
          'P1',
          'm1',
          {
            kind: 'line',
            text: [
              'Still waiting: 0 of 1 approval · waiting for 1 more from sre-leads. Expires at 2026-03-03 11:00 UTC (in 45m).',
            ],
          },
        ],
      ],
    );
    assert.equal(chat.posts.filter((p) => p.message.kind === 'card').length, 1, 'the card is not re-posted');
    const bob: Principal = {
      platform: 'web',
      platformUserId: 'id-bob',
      username: 'bob@example.com',
      groups: [],
    };
    const { record: approved } = await decideRequest(deps, {
      requestId: record.id,
      person: bob,
      verdict: 'approve',
    });
    clock.advance(15 * MINUTE);
    const before = threadLines().length;
    await notifier.remindApprovers(approved);
    assert.equal(threadLines().length, before, 'no reminder once decided');
  });
});
