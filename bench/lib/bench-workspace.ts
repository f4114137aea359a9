import type { Principal } from '../../src/core/ports/identity.ts';

/** The Slack channel every bench card is posted in. */
export const BENCH_CHANNEL = { id: 'CBENCH0001', name: 'bench-approvals' } as const;

/** The people of the benchmarks: a requester and two approvers, by Slack user ID. */
export const BENCH_PEOPLE = {
  alice: { id: 'UALICE0001', username: 'alice', groups: ['developers'] },
  bob: { id: 'UBOB000001', username: 'bob', groups: ['sre'] },
  carol: { id: 'UCAROL0001', username: 'carol', groups: ['sre'] },
} as const;

/** Who files, and who approves. */
export type BenchPerson = keyof typeof BENCH_PEOPLE;

/** A bench person as the workflow sees someone who came in through Slack. */
export function principalOf(person: BenchPerson): Principal {
  const { id, username, groups } = BENCH_PEOPLE[person];
  return { platform: 'slack', platformUserId: id, username, groups: [...groups] };
}

/** Namespaces the benchmarks work in, each with the policy rule it needs. */
export const BENCH_NAMESPACES = {
  ack: 'bench-ack',
  effect: 'bench-effect',
  throughput: 'bench-tput',
  memory: 'bench-mem',
  grants: 'bench-grants',
  /** kubectl deletes through the proxy wait for one approval here. */
  proxy: 'bench-proxy',
  /** Not governed by policy: watches through the proxy stream straight through. */
  proxyWatch: 'bench-proxy-watch',
  /** The long run's scale actions (its grants go to `bench-grants-longrun*`). */
  longRun: 'bench-longrun',
} as const;

/**
 * The policy every benchmark runs under: one approval from sre-leads for the ack,
 * throughput, memory and long-run namespaces, two for approval-to-effect (so the measured click
 * is the final one of two), one for grants; cards go to #bench-approvals and actions
 * run as Countersign's ServiceAccount.
 */
export const BENCH_POLICY = `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: bench }
spec:
  defaults:
    requestTTL: 1h
    executeAs: countersign
    channels: { slack: ['#${BENCH_CHANNEL.name}'] }
  approverGroups:
    sre-leads: { users: [bob, carol] }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: one-approval
      match: { namespaces: [${BENCH_NAMESPACES.ack}, ${BENCH_NAMESPACES.throughput}, ${BENCH_NAMESPACES.memory}, ${BENCH_NAMESPACES.longRun}] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 1 }
    - name: two-approvals
      match: { namespaces: [${BENCH_NAMESPACES.effect}] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 2 }
    - name: grants
      match: { namespaces: ['${BENCH_NAMESPACES.grants}-*'], verbs: [access], roles: [view] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 1 }
    - name: kubectl-holds
      match: { origins: [kubectl], namespaces: [${BENCH_NAMESPACES.proxy}], verbs: [delete] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], minApprovals: 1 }
`;

/** The identity table (COUNTERSIGN_IDENTITY_TABLE_FILE) mapping the bench people's Slack IDs. */
export function identityTable(): string {
  const slack = Object.fromEntries(
    Object.values(BENCH_PEOPLE).map((p) => [p.id, { username: p.username, groups: [...p.groups] }]),
  );
  return JSON.stringify({ slack });
}
