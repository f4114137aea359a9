import { SYSTEM_ACTOR, type AuditEvent } from '../audit/audit-event.ts';
import type { EscalationStep } from '../policy/decision.ts';
import { formatPolicyDuration } from '../policy/policy-duration.ts';
import { widenDecision } from '../policy/widen-decision.ts';
import type { ReachedEscalation, RequestRecord } from './request-record.ts';
import type { TransitionResult } from './transition-result.ts';
import { transition } from './transition-support.ts';

/** When step `step` of the record's escalation is due, ms since the epoch. */
const dueAt = (record: RequestRecord, step: EscalationStep): number =>
  record.createdAt + step.afterSeconds * 1000;

/** The escalation steps of a record's decision that it reached, in the order reached. */
export function reachedSteps(record: RequestRecord): EscalationStep[] {
  const steps = record.decision.outcome === 'require-approval' ? (record.decision.escalation ?? []) : [];
  return (record.escalations ?? []).flatMap((reached) => steps[reached.step] ?? []);
}

/**
 * When the next escalation step of a pending request falls due, or undefined when none
 * will: the request was decided, every step was reached, or the next one falls at or
 * after the decision deadline (a step never fires once the request expired).
 */
export function nextEscalationAt(record: RequestRecord): number | undefined {
  if (record.state !== 'pending' || record.decision.outcome !== 'require-approval') return undefined;
  const reached = new Set((record.escalations ?? []).map((r) => r.step));
  const steps = record.decision.escalation ?? [];
  for (let i = 0; i < steps.length; i++) {
    if (reached.has(i)) continue;
    const due = dueAt(record, steps[i]!);
    return record.decisionDeadline !== undefined && due >= record.decisionDeadline ? undefined : due;
  }
  return undefined;
}

/**
 * Reaches every escalation step of a pending request that is due at `at`: its backup
 * approver groups may decide the request from now on (the decision is widened, see
 * `widenDecision`), its channels get the card, and each step is audited (`escalated`).
 * Anything else (not pending, past its deadline, nothing due) changes nothing, so a
 * timer that fires after a decision, or twice, is harmless.
 */
export function escalate(record: RequestRecord, at: number): TransitionResult {
  const unchanged = { record, events: [] };
  if (record.state !== 'pending' || record.decision.outcome !== 'require-approval') return unchanged;
  if (record.decisionDeadline !== undefined && at >= record.decisionDeadline) return unchanged;
  const steps = record.decision.escalation ?? [];
  const reached: ReachedEscalation[] = [...(record.escalations ?? [])];
  const newly: EscalationStep[] = [];
  const events: AuditEvent[] = [];
  steps.forEach((step, i) => {
    if (reached.some((r) => r.step === i) || dueAt(record, step) > at) return;
    reached.push({ step: i, at });
    newly.push(step);
    events.push(
      transition.event('escalated', record.id, at, SYSTEM_ACTOR, {
        step: i + 1,
        rule: step.rule,
        after: formatPolicyDuration(step.afterSeconds),
        approverGroups: [...step.approverGroups],
      }),
    );
  });
  if (newly.length === 0) return unchanged;
  const decision = widenDecision(record.decision, newly);
  return { record: transition.update(record, { decision, escalations: reached }), events };
}
