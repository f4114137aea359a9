import { createInterface } from 'node:readline';
import { UserFacingError } from '../../../src/core/errors.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { composeForTest, emit, fileLogger, readTestConfig } from './test-process-config.ts';

/**
 * Test-only process that clicks Approve for many people at once: composes the real
 * workflow, prints `ready`, waits for `go` on stdin, fires every decision
 * concurrently and prints one `results` event (per click: changed, or the refusal
 * code), then exits.
 */
const config = readTestConfig();
const approvals = config.approvals;
if (!approvals) throw new Error('approve-main needs config.approvals');
const composed = composeForTest(config, fileLogger(config));
await composed.deps.store.get(approvals.requestId);
emit({ event: 'ready' });
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const settled = await Promise.allSettled(
  approvals.people.map((person) =>
    decideRequest(composed.deps, { requestId: approvals.requestId, person, verdict: 'approve' }),
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
