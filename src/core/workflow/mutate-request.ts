import { UserFacingError } from '../errors.ts';
import { exampleFor } from '../requests/examples.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { TransitionResult } from '../lifecycle/transition-result.ts';
import type { RequestStore } from '../ports/request-store.ts';

/** The record after a mutation, and whether this call changed it. */
export interface MutationOutcome {
  readonly record: RequestRecord;
  readonly changed: boolean;
}

const MAX_ATTEMPTS = 16;

/**
 * Reads a request, applies a pure transition and compare-and-sets the result,
 * re-reading and re-applying on conflict. `transition` may return `undefined`, or a
 * result holding the same record, to mean "nothing to do" (a repeated click, a job
 * that already ran). Throws what the transition throws; a missing request is a
 * {@link UserFacingError} `request_not_found`.
 */
export async function mutateRequest(
  store: RequestStore,
  id: string,
  transition: (record: RequestRecord) => TransitionResult | undefined,
): Promise<MutationOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await store.get(id);
    if (!current) throw requestNotFound(id);
    const result = transition(current);
    if (!result || result.record === current || result.record.version === current.version) {
      return { record: current, changed: false };
    }
    if (await store.compareAndSet(result.record, result.events))
      return { record: result.record, changed: true };
  }
  throw new Error(`request ${id}: gave up after ${MAX_ATTEMPTS} conflicting updates`);
}

/** The error for an ID no request has. */
export function requestNotFound(id: string): UserFacingError {
  return new UserFacingError('request_not_found', `No request has the ID ${id}.`, exampleFor('status'));
}
