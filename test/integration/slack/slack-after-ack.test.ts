import assert from 'node:assert/strict';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { signRequest } from '../../fakes/fake-slack/sign-request.ts';
import { RecordingCluster } from '../../fakes/recording-cluster.ts';
import { handTimers, type HandTimer, type HandTimers } from '../../harness/hand-timers.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { typeCommand } from './slack-gestures.ts';
import { PEOPLE, startSlackStack, type SlackStack } from './slack-stack.ts';

let redis: RedisServer;
let stack: SlackStack;
let timers: HandTimers;
const cluster = new RecordingCluster();
/** The server side of every request the stack's HTTP server received, in order. */
const received: ServerResponse[] = [];
let onReceived: (() => void) | undefined;

const COMMAND = 'scale deployment/api --replicas 3 -n prod-payments --reason "after the ack"';

before(async () => {
  redis = await startRedis();
  cluster.objects.set('prod-payments/Deployment/api', { labels: {}, annotations: {} });
  timers = handTimers();
  stack = await startSlackStack({ redis, cluster, afterAck: { startTimer: timers.start } });
  // Added after the surface's own listener, so it sees each request once the surface counted it.
  stack.http.server.on('request', (_req, res: ServerResponse) => {
    received.push(res);
    onReceived?.();
  });
});

after(async () => {
  await stack?.stop();
  await redis?.stop();
});

/** Resolves once the HTTP server has received its `count`th request. */
function receivedCount(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (received.length < count) return;
      onReceived = undefined;
      resolve();
    };
    onReceived = check;
    check();
  });
}

/** Resolves once the server has finished sending `res` (after the surface's own 'finish' listener). */
function finished(res: ServerResponse): Promise<void> {
  return res.writableFinished ? Promise.resolve() : new Promise((resolve) => res.once('finish', resolve));
}

/**
 * A signed Slack request (`ssl_check`, which Bolt answers 200) whose body is sent in
 * part and the rest only on `release`: a Slack request still being received.
 */
async function heldSlackRequest(): Promise<{ release(): void; readonly answered: Promise<number> }> {
  const signed = signRequest(
    { body: 'ssl_check=1&token=legacy-verification-token', contentType: 'application/x-www-form-urlencoded' },
    { signingSecret: stack.signingSecret },
  );
  const count = received.length + 1;
  const req = httpRequest(stack.eventsUrl, {
    method: 'POST',
    headers: { ...signed.headers, 'content-length': String(Buffer.byteLength(signed.body)) },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  req.write(signed.body.slice(0, 9));
  await receivedCount(count);
  return { release: () => req.end(signed.body.slice(9)), answered };
}

/** Whether a client's SET waits in Redis behind `CLIENT PAUSE` (a delivery claim, `SET NX PX`). */
async function setHeld(admin: Redis): Promise<boolean> {
  const clients = String(await admin.call('CLIENT', 'LIST')).split('\n');
  return clients.some((c) => / flags=\S*b\S* /.test(c) && / cmd=set /.test(c));
}

/** Resolves once a client's SET waits in Redis behind `CLIENT PAUSE`. */
async function setHeldByPause(admin: Redis): Promise<void> {
  while (!(await setHeld(admin))) await turn();
}

/** Resolves once `count` timers of `ms` wait to be fired, with them. */
async function pendingTimers(ms: number, count: number): Promise<HandTimer[]> {
  for (;;) {
    const found = [...timers.pending].filter((t) => t.ms === ms);
    if (found.length >= count) return found;
    await timers.nextStarted();
  }
}

/** The ID of the request a filing reply names, checked to be in the store. */
async function filedId(text: unknown): Promise<string> {
  const id = /^(cs-[a-z2-7]{10}) /.exec(typeof text === 'string' ? text : '')?.[1];
  assert.ok(id, `a filing reply opens with the request ID: ${String(text)}`);
  assert.ok(await stack.workflow.store.get(id), `${id} is in the store`);
  return id;
}

void describe(
  'Slack commands are filed after the acks of Slack requests in flight (issue 16)',
  { timeout: 60_000 },
  () => {
    void test('a command acked while another Slack request is still arriving is filed once that one is answered', async () => {
      const held = await heldSlackRequest();
      let heldAnswered = false;
      void held.answered.then(() => (heldAnswered = true));
      const count = received.length + 1;
      const armed = timers.nextStarted();
      const gesture = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
      assert.equal(gesture.response.status, 200);
      assert.equal(gesture.response.text, '', 'acknowledged with an empty body');
      await finished(received[count - 1]!);
      await armed;
      assert.equal(timers.pending.size, 1, 'its filing waits (its bounded wait armed) once its ack is sent');
      assert.equal(stack.fake.responses.length, 0, 'nothing replied yet');
      assert.deepEqual(cluster.calls, [], 'nothing asked of the cluster yet');

      const settle = timers.nextStarted();
      held.release();
      assert.equal(await held.answered, 200);
      assert.equal((await settle).ms, 50, 'once nothing is in flight, the default settling time starts');
      (await settle).fire();
      const reply = await gesture.reply();
      assert.ok(heldAnswered, 'the held request was answered before the filing replied');
      await filedId(reply.body.text);
      assert.equal(timers.pending.size, 0);
      assert.equal(stack.fake.responses.filter((r) => r.id === reply.id).length, 1, 'one reply');
    });

    void test('a filing waits behind a request that never completes only until its wait is over', async () => {
      const held = await heldSlackRequest();
      const started = timers.nextStarted();
      const gesture = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
      assert.equal(gesture.response.status, 200);
      const wait = await started;
      assert.equal(wait.ms, 3000, 'the default bounded wait');
      wait.fire();
      const reply = await gesture.reply();
      await filedId(reply.body.text);
      const settle = timers.nextStarted();
      held.release();
      assert.equal(await held.answered, 200);
      (await settle).fire();
    });

    void test('commands of a burst are all acknowledged before the first is filed', async () => {
      const calls = cluster.calls.length;
      const replies = stack.fake.responses.length;
      const first = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
      assert.equal(first.response.status, 200);
      await pendingTimers(3000, 1);
      const [settle] = await pendingTimers(50, 1);
      const second = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
      assert.equal(second.response.status, 200);
      await pendingTimers(3000, 2);
      assert.ok(!timers.pending.has(settle!), 'the second command restarted the settling time');
      assert.equal(
        cluster.calls.length,
        calls,
        'nothing asked of the cluster while the burst is acknowledged',
      );
      assert.equal(stack.fake.responses.length, replies, 'nothing replied yet');
      const [restarted] = await pendingTimers(50, 1);
      restarted!.fire();
      const ids = [
        await filedId((await first.reply()).body.text),
        await filedId((await second.reply()).body.text),
      ];
      assert.notEqual(ids[0], ids[1], 'two requests filed');
    });

    void test('a command is acknowledged without a look-up in Bolt’s conversation store', async () => {
      const seen: boolean[] = [];
      stack.surface.app.use(async ({ context, next }) => {
        seen.push('updateConversation' in context);
        await next();
      });
      const gesture = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
      assert.equal(gesture.response.status, 200);
      assert.deepEqual(seen, [false], 'no conversation context was loaded for the command');
      const [settle] = await pendingTimers(50, 1);
      settle!.fire();
      await filedId((await gesture.reply()).body.text);
    });

    void test('a command’s Bolt listener ends with its ack, before its filing starts', async () => {
      // A global middleware's next() settles once every listener for the delivery ended,
      // and with it Bolt lets go of the request, the response and the listener arguments.
      let ended = 0;
      stack.surface.app.use(async ({ next }) => {
        await next();
        ended++;
      });
      const replies = stack.fake.responses.length;
      const gesture = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
      assert.equal(gesture.response.status, 200);
      const [settle] = await pendingTimers(50, 1);
      assert.equal(ended, 1, 'the listener ended once the ack was sent, while its filing waits');
      assert.equal(stack.fake.responses.length, replies, 'nothing replied yet');
      settle!.fire();
      const reply = await gesture.reply();
      await filedId(reply.body.text);
      assert.equal(stack.fake.responses.filter((r) => r.id === reply.id).length, 1, 'one reply');
    });

    void test('a command is acknowledged while Redis holds writes, claimed when its turn comes, and filed once the claim is taken', async () => {
      const admin = new Redis(redis.url, { lazyConnect: true });
      await admin.connect();
      try {
        const count = received.length + 1;
        const replies = stack.fake.responses.length;
        // Redis holds every write (the claim's SET NX among them) until told to go on.
        await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
        const gesture = await typeCommand(stack, PEOPLE.alice.id, COMMAND);
        assert.equal(gesture.response.status, 200);
        assert.equal(gesture.response.text, '', 'acknowledged with an empty body while Redis holds writes');
        assert.ok(received[count - 1]!.writableEnded);
        await pendingTimers(3000, 1);
        assert.equal(await setHeld(admin), false, 'its filing waits its turn, nothing claimed yet');
        const [settle] = await pendingTimers(50, 1);
        settle!.fire();
        // Its turn has come: the claim goes to Redis first, and waits there.
        await setHeldByPause(admin);
        assert.equal(stack.fake.responses.length, replies, 'nothing replied while the claim waits');
        await admin.call('CLIENT', 'UNPAUSE');
        const reply = await gesture.reply();
        await filedId(reply.body.text);
        assert.equal(stack.fake.responses.filter((r) => r.id === reply.id).length, 1, 'one reply');
      } finally {
        await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
        admin.disconnect();
      }
    });
  },
);
