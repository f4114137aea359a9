/**
 * The policy of the access and break-glass stories on one surface: in prod, two of bob
 * and carol approve anything (ClusterRole view granted up to 8h), the card goes to
 * `#prod-approvals`, and `--break-glass` is allowed.
 */
export function storyPolicy(surface: 'slack' | 'teams' | 'web'): string {
  return `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: story }
spec:
  defaults: { requestTTL: 1h, executeAs: countersign }
  approverGroups:
    sre-leads: { users: [bob, carol] }
  grantableRoles:
    - { name: view, kind: ClusterRole, scopes: [namespace], maxDuration: 8h }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval:
        approverGroups: [sre-leads]
        minApprovals: 2
        allowBreakGlass: true
        channels: { ${surface}: ['#prod-approvals'] }
`;
}
