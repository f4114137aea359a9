import { enqueue } from '../lifecycle/enqueue.ts';
import { fail } from '../lifecycle/fail.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { startExecution } from '../lifecycle/start-execution.ts';
import { succeed } from '../lifecycle/succeed.ts';
import { followUp } from './follow-up.ts';
import { mutateRequest } from './mutate-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/**
 * Claims an approved kubectl request for forwarding: moves it from `approved` to
 * `executing` in one compare-and-set. Exactly one caller (one proxy replica, one
 * re-run) ever gets the record; every other claim, and any claim of a request not
 * (or no longer) approved, gets undefined and must not forward.
 */
export async function claimApiRequest(
  deps: WorkflowDeps,
  requestId: string,
): Promise<RequestRecord | undefined> {
  const outcome = await mutateRequest(deps.store, requestId, (record) => {
    if (record.state !== 'approved' || record.request.type !== 'api') return undefined;
    const at = deps.clock.now();
    const queued = enqueue(record, at);
    const started = startExecution(queued.record, at);
    return {
      record: { ...started.record, version: record.version + 1 },
      events: [...queued.events, ...started.events],
    };
  });
  if (!outcome.changed) return undefined;
  await followUp(deps.queue, outcome.record, deps.remindBeforeMs);
  return outcome.record;
}

/**
 * Records what the API server answered the forwarded request: a 2xx (or a 101
 * upgrade) succeeds, anything else, or no answer, fails with the status.
 */
export async function completeApiRequest(
  deps: WorkflowDeps,
  requestId: string,
  outcome: { readonly status: number } | { readonly error: string },
): Promise<void> {
  const ok = 'status' in outcome && outcome.status >= 100 && outcome.status < 300;
  const result = await mutateRequest(deps.store, requestId, (record) => {
    if (record.state !== 'executing') return undefined;
    const at = deps.clock.now();
    if (ok) return succeed(record, at, `forwarded; the API server answered ${outcome.status}`);
    return fail(
      record,
      at,
      'status' in outcome ? `the API server answered ${outcome.status}` : `not forwarded: ${outcome.error}`,
    );
  });
  if (result.changed) await followUp(deps.queue, result.record, deps.remindBeforeMs);
}
