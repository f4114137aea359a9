/**
 * Whose on-call shift a policy names: a PagerDuty schedule or escalation policy, or an
 * Opsgenie schedule by ID or by name. Written in policy as
 * `onCall: {pagerduty: {scheduleId: P123}}` and the like (see policy-schema.ts).
 */
export type OnCallTarget =
  | { readonly provider: 'pagerduty'; readonly scheduleId: string }
  | { readonly provider: 'pagerduty'; readonly escalationPolicyId: string }
  | { readonly provider: 'opsgenie'; readonly scheduleId: string }
  | { readonly provider: 'opsgenie'; readonly scheduleName: string };

/** The on-call services Countersign can ask. */
export type OnCallProvider = OnCallTarget['provider'];

/** The `onCall` block as the policy schema accepts it: one provider, one identifier. */
export interface OnCallDocument {
  readonly pagerduty?: { readonly scheduleId?: string; readonly escalationPolicyId?: string };
  readonly opsgenie?: { readonly scheduleId?: string; readonly scheduleName?: string };
}

/** The target an `onCall` block names; the schema has checked it names exactly one. */
export function onCallTarget(document: OnCallDocument): OnCallTarget {
  const { pagerduty, opsgenie } = document;
  if (pagerduty?.scheduleId !== undefined) return { provider: 'pagerduty', scheduleId: pagerduty.scheduleId };
  if (pagerduty?.escalationPolicyId !== undefined)
    return { provider: 'pagerduty', escalationPolicyId: pagerduty.escalationPolicyId };
  if (opsgenie?.scheduleId !== undefined) return { provider: 'opsgenie', scheduleId: opsgenie.scheduleId };
  if (opsgenie?.scheduleName !== undefined)
    return { provider: 'opsgenie', scheduleName: opsgenie.scheduleName };
  throw new Error('an onCall block names no schedule');
}

/** A stable key of a target, e.g. `pagerduty:schedule:P123`, for caches and recorded evidence. */
export function onCallKey(target: OnCallTarget): string {
  if (target.provider === 'pagerduty')
    return 'scheduleId' in target
      ? `pagerduty:schedule:${target.scheduleId}`
      : `pagerduty:escalation-policy:${target.escalationPolicyId}`;
  return 'scheduleId' in target
    ? `opsgenie:schedule:${target.scheduleId}`
    : `opsgenie:schedule-name:${target.scheduleName}`;
}

/** The provider's name as people know it. */
export function providerName(provider: OnCallProvider): string {
  return provider === 'pagerduty' ? 'PagerDuty' : 'Opsgenie';
}

/** How a target reads in messages and the audit, e.g. `PagerDuty schedule P123`. */
export function describeOnCall(target: OnCallTarget): string {
  const name = providerName(target.provider);
  if ('escalationPolicyId' in target) return `${name} escalation policy ${target.escalationPolicyId}`;
  if ('scheduleName' in target) return `${name} schedule "${target.scheduleName}"`;
  return `${name} schedule ${target.scheduleId}`;
}
