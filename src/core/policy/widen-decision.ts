import type { Channels, EscalationStep, RequireApprovalDecision } from './decision.ts';

const add = (into: readonly string[], more: readonly string[]): string[] => [
  ...into,
  ...more.filter((value) => !into.includes(value)),
];

const addChannels = (into: Channels, more: Channels): Channels => ({
  slack: add(into.slack, more.slack),
  teams: add(into.teams, more.teams),
  web: add(into.web, more.web),
});

/**
 * The decision once escalation `steps` were reached: each step's backup groups may
 * approve (they join `approverGroups` and count toward the requirement of the step's
 * rule) and its channels show the card. A step whose rule the decision no longer has
 * (policy changed since) widens nothing: backups count only where a rule names them.
 * Pure; returns `decision` itself when no step applies.
 */
export function widenDecision(
  decision: RequireApprovalDecision,
  steps: readonly EscalationStep[],
): RequireApprovalDecision {
  const applicable = steps.filter((step) => decision.requirements.some((r) => r.rule === step.rule));
  if (applicable.length === 0) return decision;
  let approverGroups: readonly string[] = decision.approverGroups;
  let channels = decision.channels;
  const requirements = decision.requirements.map((requirement) => {
    let groups: readonly string[] = requirement.approverGroups;
    for (const step of applicable)
      if (step.rule === requirement.rule) groups = add(groups, step.approverGroups);
    return groups === requirement.approverGroups ? requirement : { ...requirement, approverGroups: groups };
  });
  for (const step of applicable) {
    approverGroups = add(approverGroups, step.approverGroups);
    channels = addChannels(channels, step.channels);
  }
  return { ...decision, approverGroups, requirements, channels };
}
