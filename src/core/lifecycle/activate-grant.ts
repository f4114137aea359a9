import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { IllegalTransitionError } from '../errors.ts';
import type { RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/**
 * When a grant activated at `at` ends: `at` plus the requested duration. The worker
 * uses it to label the binding before calling {@link activateGrant} with the same `at`.
 */
export function grantExpiry(record: RequestRecord, at: number): number {
  if (record.request.type !== 'access') {
    throw new IllegalTransitionError(
      `Request ${record.id} is an action, not an access request; it grants nothing.`,
    );
  }
  return at + record.request.durationSeconds * 1000;
}

/** What the cluster said of a binding it created, kept with the grant (see `GrantInfo`). */
export interface CreatedBinding {
  readonly uid?: string;
  readonly roleGenerated?: boolean;
}

/**
 * Puts an access grant in force once its binding exists. The grant's clock starts
 * here, at `at`, not when the request was filed or approved. Allowed from `executing`
 * (binding just created) or `succeeded`; never for an action request.
 */
export function activateGrant(
  record: RequestRecord,
  at: number,
  bindingName: string,
  binding: CreatedBinding = {},
): TransitionResult {
  transition.require(record, ['executing', 'succeeded'], 'granted');
  const expiresAt = grantExpiry(record, at);
  const execution =
    record.state === 'executing'
      ? {
          ...record.execution,
          attempts: record.execution?.attempts ?? 1,
          finishedAt: at,
          result: `bound ${bindingName}`,
        }
      : record.execution;
  return {
    record: transition.to(record, 'active', at, {
      ...(execution ? { execution } : {}),
      grant: {
        grantedAt: at,
        expiresAt,
        bindingName,
        ...(binding.uid !== undefined ? { bindingUid: binding.uid } : {}),
        ...(binding.roleGenerated !== undefined ? { roleGenerated: binding.roleGenerated } : {}),
        extensions: [],
      },
    }),
    events: [
      transition.event('granted', record.id, at, SYSTEM_ACTOR, {
        bindingName,
        grantedAt: transition.iso(at),
        expiresAt: transition.iso(expiresAt),
        // Bindings are written with Countersign's own credentials (it holds `bind`).
        executedAs: { kind: 'countersign' },
      }),
    ],
  };
}
