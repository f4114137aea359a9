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
 *
 * `known` is a copy of the record the caller has just read (or written): the first
 * attempt applies the transition to it without reading the store again, and the
 * compare-and-set alone decides whether it was current. Only a write is taken from
 * it: when the transition on `known` throws or finds nothing to do, or the write
 * conflicts, the record is read and the transition applied as without it, so a stale
 * copy can cost a round trip but never decide anything.
 */
export async function mutateRequest(
  store: RequestStore,
  id: string,
  transition: (record: RequestRecord) => TransitionResult | undefined,
  known?: RequestRecord,
): Promise<MutationOutcome> {
  if (known !== undefined && known.id === id) {
    const written = await writeFrom(store, known, transition);
    if (written) return written;
  }
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

/** The outcome of writing `transition(known)`, or undefined when that decided nothing or was not current. */
async function writeFrom(
  store: RequestStore,
  known: RequestRecord,
  transition: (record: RequestRecord) => TransitionResult | undefined,
): Promise<MutationOutcome | undefined> {
  let result: TransitionResult | undefined;
  try {
    result = transition(known);
  } catch {
    return undefined;
  }
  if (!result || result.record === known || result.record.version === known.version) return undefined;
  if (!(await store.compareAndSet(result.record, result.events))) return undefined;
  return { record: result.record, changed: true };
}

/** The error for an ID no request has. */
export function requestNotFound(id: string): UserFacingError {
  return new UserFacingError('request_not_found', `No request has the ID ${id}.`, exampleFor('status'));
}
