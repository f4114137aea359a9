import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { AfterAckScheduler } from '../../../../src/adapters/http/after-ack-scheduler.ts';
import { handTimers } from '../../../harness/hand-timers.ts';

/** A task whose start is recorded and which finishes when the test says. */
function heldTask(name: string, started: string[]) {
  let finish: (value: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const task = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { task, finish: () => finish(name), fail: (error: Error) => fail(error) };
}

void describe('AfterAckScheduler: filings after the acks of Slack requests in flight', () => {
  void test('work waits while a Slack request is in flight and starts once nothing was for the settling time', async () => {
    const timers = handTimers();
    const scheduler = new AfterAckScheduler({ startTimer: timers.start });
    const started: string[] = [];
    const request = new EventEmitter();
    scheduler.track(request);
    const a = heldTask('a', started);
    const done = scheduler.run(a.task);
    assert.deepEqual(started, [], 'nothing starts while a request is unanswered');
    assert.deepEqual(
      [...timers.pending].map((t) => t.ms),
      [3000],
      'the bounded wait is armed',
    );
    request.emit('finish');
    assert.deepEqual(started, [], 'nothing starts the moment the response is sent');
    const settle = [...timers.pending].find((t) => t.ms === 50);
    assert.ok(settle, 'the default settling time starts');
    settle.fire();
    assert.deepEqual(started, ['a']);
    assert.equal(timers.pending.size, 0, 'the wait is cancelled once the work starts');
    a.finish();
    assert.equal(await done, 'a');
  });

  void test('a request arriving while the burst settles starts the settling time again', () => {
    const timers = handTimers();
    const scheduler = new AfterAckScheduler({ settleMs: 20, startTimer: timers.start });
    const started: string[] = [];
    const first = new EventEmitter();
    scheduler.track(first);
    void scheduler.run(heldTask('a', started).task);
    first.emit('finish');
    const settle = [...timers.pending].find((t) => t.ms === 20)!;
    const second = new EventEmitter();
    scheduler.track(second);
    assert.ok(!timers.pending.has(settle), 'the settling time is called off by the new request');
    second.emit('finish');
    assert.deepEqual(started, []);
    const again = [...timers.pending].filter((t) => t.ms === 20);
    assert.equal(again.length, 1, 'one settling time, started again');
    again[0]!.fire();
    assert.deepEqual(started, ['a']);
  });

  void test('a response both finished and closed counts once; a connection closed unanswered releases too', () => {
    const scheduler = new AfterAckScheduler({ settleMs: 0, startTimer: handTimers().start });
    const started: string[] = [];
    const first = new EventEmitter();
    const second = new EventEmitter();
    scheduler.track(first);
    scheduler.track(second);
    void scheduler.run(heldTask('a', started).task);
    first.emit('finish');
    first.emit('close');
    assert.deepEqual(started, [], 'the second request is still in flight');
    second.emit('close');
    assert.deepEqual(started, ['a']);
  });

  void test('with nothing in flight work starts at once, at most `limit` at a time, in the order it came', async () => {
    const timers = handTimers();
    const scheduler = new AfterAckScheduler({ limit: 2, startTimer: timers.start });
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => heldTask(name, started));
    const runs = tasks.map((t) => scheduler.run(t.task));
    assert.deepEqual(started, ['a', 'b']);
    tasks[1]!.finish();
    await runs[1];
    assert.deepEqual(started, ['a', 'b', 'c']);
    tasks[0]!.fail(new Error('a failed'));
    await assert.rejects(runs[0]!, /a failed/);
    assert.deepEqual(started, ['a', 'b', 'c', 'd'], 'a failure frees its place too');
  });

  void test('work waiting behind requests that never end starts once its wait is over', () => {
    const timers = handTimers();
    const scheduler = new AfterAckScheduler({ maxWaitMs: 1500, startTimer: timers.start });
    const started: string[] = [];
    scheduler.track(new EventEmitter());
    void scheduler.run(heldTask('a', started).task);
    void scheduler.run(heldTask('b', started).task);
    assert.deepEqual(started, []);
    assert.deepEqual(
      [...timers.pending].map((t) => t.ms),
      [1500, 1500],
    );
    [...timers.pending][0]!.fire();
    assert.deepEqual(started, ['a'], 'only the work whose wait is over starts');
    [...timers.pending][0]!.fire();
    assert.deepEqual(started, ['a', 'b']);
  });

  void test('a task that throws before returning a promise rejects and frees its place', async () => {
    const scheduler = new AfterAckScheduler({ limit: 1, startTimer: handTimers().start });
    const started: string[] = [];
    const failing = scheduler.run<string>(() => {
      throw new Error('thrown at once');
    });
    const next = heldTask('next', started);
    const after = scheduler.run(next.task);
    await assert.rejects(failing, /thrown at once/);
    assert.deepEqual(started, ['next']);
    next.finish();
    assert.equal(await after, 'next');
  });

  void test('a limit or wait that makes no sense is refused, naming it', () => {
    assert.throws(() => new AfterAckScheduler({ limit: 0 }), /limit must be a whole number ≥ 1, got 0/);
    assert.throws(() => new AfterAckScheduler({ maxWaitMs: -1 }), /maxWaitMs must be a number ≥ 0, got -1/);
    assert.throws(() => new AfterAckScheduler({ settleMs: -1 }), /settleMs must be a number ≥ 0, got -1/);
  });
});
