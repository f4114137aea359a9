import { endGrant } from '../core/workflow/end-grant.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';

/**
 * The `revoke-grant` processor, at a grant's `expiresAt`: deletes the binding and
 * records the expiry (see `endGrant`). When it fires before the expiry the record now
 * holds (the grant was extended while the timer was being moved), it asks to run
 * again at that time rather than leave the grant to the sweep.
 */
export function revokeGrantProcessor(deps: JobDeps): JobProcessor<'revoke-grant'> {
  const { workflow } = deps;
  return async ({ requestId }) => {
    const outcome = await endGrant(workflow, requestId);
    if (outcome === 'done') return { outcome };
    const record = await workflow.store.get(requestId);
    const expiresAt = record?.state === 'active' ? record.grant?.expiresAt : undefined;
    return expiresAt !== undefined && expiresAt > workflow.clock.now()
      ? { outcome: 'early', runAgainAt: expiresAt }
      : { outcome };
  };
}
