import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyChainAsync } from '../../../../src/core/audit/verify-chain.ts';
import { activateGrant } from '../../../../src/core/lifecycle/activate-grant.ts';
import { approve } from '../../../../src/core/lifecycle/approve.ts';
import { enqueue } from '../../../../src/core/lifecycle/enqueue.ts';
import { expireGrant } from '../../../../src/core/lifecycle/expire-grant.ts';
import { extendGrant } from '../../../../src/core/lifecycle/extend-grant.ts';
import { fileRequest } from '../../../../src/core/lifecycle/file-request.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { startExecution } from '../../../../src/core/lifecycle/start-execution.ts';
import type { TransitionResult } from '../../../../src/core/lifecycle/transition-result.ts';
import { ManualClock } from '../../../../src/core/ports/clock.ts';
import { InMemoryAuditSink } from '../../../fakes/in-memory-audit-sink.ts';
import {
  HOUR,
  MINUTE,
  T0,
  accessRequest,
  alice,
  bob,
  requireApproval,
  stepUpOf,
} from '../lifecycle/fixtures.ts';

describe('a grant story through the audit sink', () => {
  test('every event of the story lands in one verifiable chain, in order', async () => {
    const sink = new InMemoryAuditSink();
    const clock = new ManualClock(T0);
    let record: RequestRecord | undefined;
    const apply = async (result: TransitionResult): Promise<RequestRecord> => {
      await sink.append(result.events);
      return result.record;
    };

    record = await apply(
      fileRequest({
        id: 'req-9',
        request: accessRequest(3600),
        text: 'access role/view -n prod-payments --for 1h --reason "debug INC-4312"',
        cluster: 'prod',
        requester: alice,
        decision: requireApproval({ stepUp: true }),
        at: clock.now(),
      }),
    );
    clock.advance(5 * MINUTE);
    record = await apply(approve(record, bob, ['sre-leads'], clock.now(), stepUpOf(bob, clock.now())));
    record = await apply(enqueue(record, clock.now()));
    record = await apply(startExecution(record, clock.now()));
    record = await apply(activateGrant(record, clock.now(), 'countersign-req-9'));
    clock.advance(30 * MINUTE);
    record = await apply(extendGrant(record, bob, 1800, clock.now(), ['sre-leads']));
    clock.set(record.grant?.expiresAt ?? 0);
    record = await apply(expireGrant(record, clock.now()));

    assert.deepEqual(
      sink.records.map((r) => [r.seq, r.event.type]),
      [
        [1, 'submitted'],
        [2, 'decided'],
        [3, 'step-up'],
        [4, 'approved'],
        [5, 'queued'],
        [6, 'granted'],
        [7, 'extended'],
        [8, 'grant-expired'],
      ],
    );
    assert.equal(record.grant?.expiresAt, T0 + 5 * MINUTE + HOUR + 30 * MINUTE);
    const verdict = await verifyChainAsync(sink.readAll());
    assert.deepEqual(verdict, { ok: true, count: 8, headHash: sink.records.at(-1)?.hash });
  });
});
