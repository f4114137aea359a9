import type { FieldChange } from '../changes/field-change.ts';
import type { AuditEvent, AuditEventDetails } from '../audit/audit-event.ts';
import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import type { PolicyDecision, TargetFacts } from '../policy/decision.ts';
import type { RollbackPin } from '../ports/cluster.ts';
import type { Principal } from '../ports/identity.ts';
import type { ChangeRequest } from '../requests/request-types.ts';
import { formatSeconds } from './format-seconds.ts';
import { RefusalError } from './refusal-error.ts';
import type { RequestRecord, RequesterOnCall, StepUpEvidence } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/** Everything needed to file a request once policy has decided it. */
export interface FileRequestInput {
  /** Opaque request ID chosen by the caller (it names jobs and bindings later). */
  readonly id: string;
  readonly request: ChangeRequest;
  readonly text: string;
  readonly cluster: string;
  readonly requester: Principal;
  readonly decision: PolicyDecision;
  readonly target?: TargetFacts;
  /** UID of the target seen at filing. */
  readonly targetUid?: string;
  /** For a scale request: the target's `spec.replicas` seen at filing. */
  readonly targetReplicas?: number;
  readonly preview?: readonly string[];
  /** A rollback's revisions as the preview found them. */
  readonly rollback?: RollbackPin;
  /** A patch's every changed field, whole. */
  readonly changes?: readonly FieldChange[];
  /** Filing time, ms since the epoch. */
  readonly at: number;
  /** When it takes effect (`--at` / `--in`), ms since the epoch; absent means as soon as approved. */
  readonly startAt?: number;
  /** The requester's re-authentication, needed when the decision sets `requesterStepUp`. */
  readonly requesterStepUp?: StepUpEvidence;
  /** What filing learned of the requester's on-call shifts (see `decideWithOnCall`). */
  readonly requesterOnCall?: RequesterOnCall;
}

/**
 * Creates the record of a newly filed request from policy's decision: `deny` files it
 * as denied, `auto-approve` as approved, `require-approval` as pending until
 * `at + requestTTL`. A `--break-glass` request that policy allows is approved at once
 * and recorded as break-glass for review; one policy does not allow is refused.
 * Break-glass always needs the requester's step-up evidence, whatever policy says, as
 * does a decision that wants the requester re-authenticated; without it filing is
 * refused (`step_up_required`). Where policy auto-approves, `--break-glass` bypasses
 * nothing and changes nothing. An access request longer than policy's `maxDuration`
 * is refused.
 */
export function fileRequest(input: FileRequestInput): TransitionResult {
  const { id, request, decision, requester, at } = input;
  const base: RequestRecord = {
    id,
    version: 0,
    state: 'pending',
    request,
    text: input.text,
    cluster: input.cluster,
    requester,
    decision,
    ...(input.target ? { target: input.target } : {}),
    ...(input.targetUid ? { targetUid: input.targetUid } : {}),
    ...(input.targetReplicas === undefined ? {} : { targetReplicas: input.targetReplicas }),
    ...(input.preview ? { preview: input.preview } : {}),
    ...(input.rollback ? { rollback: input.rollback } : {}),
    ...(input.changes ? { changes: input.changes } : {}),
    ...(request.incident ? { incident: request.incident } : {}),
    ...(input.startAt === undefined ? {} : { startAt: input.startAt }),
    ...(input.requesterOnCall ? { requesterOnCall: input.requesterOnCall } : {}),
    approvals: [],
    createdAt: at,
    timestamps: {},
  };
  const events: AuditEvent[] = [
    transition.event('submitted', id, at, requester, {
      kind: request.type,
      verb: request.type === 'access' ? 'access' : request.verb,
      text: input.text,
      ...(request.type === 'api'
        ? {
            origin: 'kubectl' as const,
            apiRequest: `${request.call.method} ${request.call.path}`,
            bodySha256: request.call.bodySha256,
          }
        : {}),
      cluster: input.cluster,
      ...namespaceOf(request),
      reason: request.reason,
      ...(request.incident ? { incident: request.incident } : {}),
      ...(input.startAt === undefined ? {} : { startAt: transition.iso(input.startAt) }),
    }),
    transition.event('decided', id, at, SYSTEM_ACTOR, {
      ...decidedDetails(decision),
      ...onCallDetails(input.requesterOnCall),
    }),
  ];

  if (decision.outcome === 'deny') {
    const record = transition.to(base, 'denied', at, {
      denial: { by: 'policy', reason: decision.reason, at },
    });
    return { record, events };
  }
  if (request.type === 'access' && decision.maxDurationSeconds !== undefined) {
    if (request.durationSeconds > decision.maxDurationSeconds) {
      throw new RefusalError(
        'max_duration_exceeded',
        `You asked for ${formatSeconds(request.durationSeconds)}, but policy allows at most ${formatSeconds(decision.maxDurationSeconds)} for this access. ` +
          `Ask for less, e.g. --for ${formatSeconds(decision.maxDurationSeconds)}`,
      );
    }
  }
  if (decision.outcome === 'auto-approve') {
    return { record: transition.to(base, 'approved', at), events };
  }

  if (request.breakGlass && (!decision.breakGlassAllowed || !request.incident)) {
    throw new RefusalError(
      'break_glass_not_allowed',
      decision.breakGlassAllowed
        ? 'Break-glass needs an incident ID. Example: --break-glass --incident INC-4312'
        : `Policy does not allow --break-glass here (rules: ${decision.matchedRules.join(', ')}). File it without --break-glass to ask for approval.`,
    );
  }
  const stepUp = input.requesterStepUp;
  if (decision.requesterStepUp || request.breakGlass) {
    if (!stepUp) {
      throw new RefusalError(
        'step_up_required',
        request.breakGlass
          ? 'Break-glass runs only after you sign in again (step-up); it runs as soon as the sign-in completes.'
          : 'This request needs you to sign in again (step-up) before it is filed; it is filed as soon as the sign-in completes.',
      );
    }
    events.push(transition.stepUpEvent(id, at, requester, stepUp));
  }

  if (request.breakGlass && request.incident) {
    events.push(
      transition.event('break-glass', id, at, requester, {
        incident: request.incident,
        reason: request.reason,
      }),
    );
    const record = transition.to(base, 'approved', at, { breakGlass: { at, incident: request.incident } });
    return { record, events };
  }

  const record = transition.to(base, 'pending', at, {
    decisionDeadline: at + decision.requestTtlSeconds * 1000,
  });
  return { record, events };
}

function namespaceOf(request: ChangeRequest): { namespace?: string } {
  const namespace = request.type === 'action' ? request.target.namespace : request.namespace;
  return namespace === undefined ? {} : { namespace };
}

function decidedDetails(decision: PolicyDecision): AuditEventDetails['decided'] {
  const matchedRules = [...decision.matchedRules];
  switch (decision.outcome) {
    case 'deny':
      return { outcome: 'deny', matchedRules, reason: decision.reason };
    case 'auto-approve':
      return { outcome: 'auto-approve', matchedRules };
    case 'require-approval':
      return {
        outcome: 'require-approval',
        matchedRules,
        approverGroups: [...decision.approverGroups],
        approvalsNeeded: decision.approvalsNeeded,
        stepUp: decision.stepUp,
      };
  }
}

/**
 * The on-call facts policy decided with, for the `decided` event: every schedule the
 * requester was on call for and when the service said so, and every schedule that
 * could not be checked (its rule did not match).
 */
function onCallDetails(onCall: RequesterOnCall | undefined): Partial<AuditEventDetails['decided']> {
  if (!onCall) return {};
  return {
    ...(onCall.onCallFor.length > 0
      ? {
          requesterOnCall: onCall.onCallFor.map((entry) => ({
            schedule: entry.schedule,
            checkedAt: transition.iso(entry.checkedAt),
          })),
        }
      : {}),
    ...(onCall.unavailable.length > 0
      ? { onCallUnavailable: onCall.unavailable.map((entry) => entry.problem) }
      : {}),
  };
}
