import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { dropRepeatedDeliveries } from '../../../../src/adapters/slack/ingress/drop-repeated-deliveries.ts';
import { slackErrorCode } from '../../../../src/adapters/slack/chat/slack-error-code.ts';
import { incidentChannelName } from '../../../../src/core/notify/card-targets.ts';
import { OneAtATime } from '../../../../src/core/notify/one-at-a-time.ts';

void describe('incidentChannelName', () => {
  void test('fills the template with the lower-cased incident ID', () => {
    assert.equal(incidentChannelName('INC-4312'), 'inc-4312');
    assert.equal(incidentChannelName('4312', 'inc-{id}'), 'inc-4312');
    assert.equal(
      incidentChannelName('Sev1_Outage', 'incident-{id}-war-room'),
      'incident-sev1_outage-war-room',
    );
    assert.equal(incidentChannelName('x'.repeat(64), 'incident-{id}-war-room').length, 80);
  });
});

void describe('OneAtATime', () => {
  void test(
    'runs tasks of one key in order, other keys alongside, and survives a failing task',
    { timeout: 10_000 },
    async () => {
      const serial = new OneAtATime();
      const log: string[] = [];
      let endB = (): void => undefined;
      const bEnded = new Promise<void>((resolve) => (endB = resolve));
      const task =
        (name: string, until: Promise<void>, fail = false) =>
        async () => {
          log.push(`${name}+`);
          await until;
          log.push(`${name}-`);
          if (name === 'b1') endB();
          if (fail) throw new Error(name);
          return name;
        };
      // a1 ends only after b1 has: were key b made to wait for key a, this would never settle.
      const results = await Promise.allSettled([
        serial.run('a', task('a1', bEnded, true)),
        serial.run('a', task('a2', Promise.resolve())),
        serial.run('b', task('b1', Promise.resolve())),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'fulfilled', 'fulfilled'],
      );
      assert.ok(log.indexOf('a1-') < log.indexOf('a2+'), log.join(' '));
      assert.ok(log.indexOf('b1-') < log.indexOf('a1-'), 'another key does not wait');
    },
  );
});

void describe('dropRepeatedDeliveries', () => {
  void test('passes a delivery once per claim key (trigger, event, view, envelope), acknowledges and drops its repeats', async () => {
    const claimed = new Set<string>();
    const claims = {
      claim: (key: string) => Promise.resolve(!claimed.has(key) && Boolean(claimed.add(key))),
      release: (key: string) => Promise.resolve(void claimed.delete(key)),
    };
    const middleware = dropRepeatedDeliveries(claims, pino({ level: 'silent' }));
    let passed = 0;
    let acked = 0;
    const deliver = (body: Record<string, unknown>, context: Record<string, unknown> = {}) =>
      middleware({
        body,
        context,
        ack: () => {
          acked++;
          return Promise.resolve();
        },
        next: () => {
          passed++;
          return Promise.resolve();
        },
      } as unknown as Parameters<typeof middleware>[0]);
    await deliver({ trigger_id: 't1' });
    await deliver({ trigger_id: 't1' }, { retryNum: 1 });
    await deliver({ event_id: 'Ev1' });
    await deliver({ event_id: 'Ev1' });
    await deliver({ type: 'unknown' }, { envelopeId: 'env-1' });
    await deliver({ type: 'unknown' }, { envelopeId: 'env-1' });
    await deliver({ type: 'unknown' });
    await deliver({ type: 'unknown' });
    assert.equal(passed, 5);
    assert.equal(acked, 3);
    assert.deepEqual([...claimed], ['t:t1', 'e:Ev1', 'env:env-1']);
  });

  void test('gives the claim up when the ack could not be sent, so the redelivery is handled', async () => {
    const claimed = new Set<string>();
    const middleware = dropRepeatedDeliveries(
      {
        claim: (key: string) => Promise.resolve(!claimed.has(key) && Boolean(claimed.add(key))),
        release: (key: string) => Promise.resolve(void claimed.delete(key)),
      },
      pino({ level: 'silent' }),
    );
    const lost = Object.assign(new Error('not ready'), {
      code: 'slack_socket_mode_send_while_not_ready_error',
    });
    let passed = 0;
    const deliver = (fail: boolean) =>
      middleware({
        body: { trigger_id: 't3' },
        context: { envelopeId: 'env-3' },
        ack: () => Promise.resolve(),
        next: () => {
          passed++;
          return fail ? Promise.reject(lost) : Promise.resolve();
        },
      } as unknown as Parameters<typeof middleware>[0]);
    await assert.rejects(deliver(true), lost);
    await deliver(false);
    assert.equal(passed, 2);
    await deliver(false);
    assert.equal(passed, 2, 'once handled, a repeat is dropped again');
  });

  void test('handles the delivery when the claim store fails', async () => {
    const middleware = dropRepeatedDeliveries(
      { claim: () => Promise.reject(new Error('redis down')), release: () => Promise.resolve() },
      pino({ level: 'silent' }),
    );
    let passed = 0;
    await middleware({
      body: { trigger_id: 't2' },
      context: {},
      next: () => {
        passed++;
        return Promise.resolve();
      },
    } as unknown as Parameters<typeof middleware>[0]);
    assert.equal(passed, 1);
  });
});

void describe('slackErrorCode', () => {
  void test("reads a Web API refusal's error, and nothing else", () => {
    assert.equal(
      slackErrorCode({ code: 'slack_webapi_platform_error', data: { error: 'not_in_channel' } }),
      'not_in_channel',
    );
    assert.equal(slackErrorCode({ code: 'slack_webapi_request_error', data: {} }), undefined);
    assert.equal(slackErrorCode(new Error('boom')), undefined);
    assert.equal(slackErrorCode(undefined), undefined);
  });
});
