import type { JobName } from '../core/ports/job-queue.ts';
import { clusterCallProcessor } from './cluster-call.ts';
import { createGrantProcessor } from './create-grant.ts';
import { escalateRequestProcessor } from './escalate-request.ts';
import { executeActionProcessor } from './execute-action.ts';
import { expireRequestProcessor } from './expire-request.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';
import { notifyProcessor } from './notify.ts';
import { remindApproversProcessor } from './remind-approvers.ts';
import { remindExpiryProcessor } from './remind-expiry.ts';
import { revokeGrantProcessor } from './revoke-grant.ts';
import { sweepGrantsProcessor } from './sweep-grants.ts';

/** One processor for every job name; adding a name to `JobPayloads` fails to compile until it has one. */
export type Processors = { readonly [N in JobName]: JobProcessor<N> };

/** The processors of every Countersign job, bound to the workflow and the chat surfaces. */
export function createProcessors(deps: JobDeps): Processors {
  return {
    'execute-action': executeActionProcessor(deps),
    'create-grant': createGrantProcessor(deps),
    'revoke-grant': revokeGrantProcessor(deps),
    'remind-expiry': remindExpiryProcessor(deps),
    'expire-request': expireRequestProcessor(deps),
    'escalate-request': escalateRequestProcessor(deps),
    'remind-approvers': remindApproversProcessor(deps),
    notify: notifyProcessor(deps),
    'sweep-grants': sweepGrantsProcessor(deps),
    'cluster-call': clusterCallProcessor(deps),
  };
}
