import { createInterface } from 'node:readline';
import { UserFacingError } from '../../../src/core/errors.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { composeForTest, emit, fileLogger, readTestConfig } from './test-process-config.ts';

/**
 * Test-only process that clicks Approve many times at once: composes the real
 * workflow, prints `ready`, waits for `go` on stdin, fires every decision
 * concurrently (many people on one request with `approvals`, one person on many
 * requests with `burst`) and prints one `results` event (per click: changed, or the
 * refusal code), then exits.
 */
const config = readTestConfig();
const clicks = config.approvals
  ? config.approvals.people.map((person) => ({ requestId: config.approvals!.requestId, person }))
  : (config.burst?.requestIds.map((requestId) => ({ requestId, person: config.burst!.person })) ?? []);
if (clicks.length === 0) throw new Error('approve-main needs config.approvals or config.burst');
const composed = composeForTest(config, fileLogger(config));
await composed.deps.store.get(clicks[0]!.requestId);
emit({ event: 'ready' });
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const settled = await Promise.allSettled(
  clicks.map(({ requestId, person }) =>
    decideRequest(composed.deps, { requestId, person, verdict: 'approve' }),
  ),
);
emit({
  event: 'results',
  results: settled.map((result) =>
    result.status === 'fulfilled'
      ? { changed: result.value.changed }
      : {
          refused:
            result.reason instanceof UserFacingError
              ? result.reason.code
              : `unexpected: ${String(result.reason)}`,
        },
  ),
});
await composed.close();
process.exit(0);
