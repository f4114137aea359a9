/** A problem found in the raw document, located by its path of keys and indexes. */
export interface RawIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const AUTO_APPROVE_FIELDS = new Set(['maxDuration', 'executeAs', 'channels']);

function checkOutcome(rule: Raw, at: (string | number)[], issues: RawIssue[]): void {
  const { outcome, approval } = rule;
  if (outcome === 'deny') {
    if (rule.reason === undefined) {
      issues.push({
        path: [...at, 'reason'],
        message: 'a deny rule needs a reason, e.g. reason: "cluster-admin is never granted"',
      });
    }
    if (approval !== undefined) {
      issues.push({ path: [...at, 'approval'], message: 'a deny rule takes no approval block' });
    }
  } else if (outcome === 'require-approval') {
    if (approval === undefined) {
      issues.push({
        path: [...at, 'approval'],
        message:
          'a require-approval rule needs an approval block, e.g. approval: {approverGroups: [sre-leads], minApprovals: 1}',
      });
    } else if (isRecord(approval) && approval.approverGroups === undefined) {
      issues.push({
        path: [...at, 'approval', 'approverGroups'],
        message: 'a require-approval rule needs approverGroups, e.g. [sre-leads]',
      });
    }
  } else if (outcome === 'auto-approve' && isRecord(approval)) {
    for (const key of Object.keys(approval)) {
      if (!AUTO_APPROVE_FIELDS.has(key)) {
        issues.push({
          path: [...at, 'approval', key],
          message: 'not allowed for an auto-approve rule (only maxDuration, executeAs and channels)',
        });
      }
    }
  }
}

function checkGroupReferences(
  rule: Raw,
  at: (string | number)[],
  groups: Set<string>,
  issues: RawIssue[],
): void {
  const approval = rule.approval;
  if (!isRecord(approval)) return;
  const check = (names: unknown, path: (string | number)[]): void => {
    listOf(names).forEach((name, j) => {
      if (typeof name === 'string' && !groups.has(name)) {
        const known =
          groups.size > 0 ? `defined groups: ${[...groups].join(', ')}` : 'spec.approverGroups defines none';
        issues.push({ path: [...path, j], message: `unknown approver group "${name}" (${known})` });
      }
    });
  };
  check(approval.approverGroups, [...at, 'approval', 'approverGroups']);
  listOf(approval.escalation).forEach((step, k) => {
    if (isRecord(step)) check(step.approverGroups, [...at, 'approval', 'escalation', k, 'approverGroups']);
  });
}

function checkRules(spec: Raw, issues: RawIssue[]): void {
  const groups = new Set(isRecord(spec.approverGroups) ? Object.keys(spec.approverGroups) : []);
  const firstByName = new Map<string, number>();
  listOf(spec.rules).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const at = ['spec', 'rules', i];
    if (typeof rule.name === 'string') {
      const first = firstByName.get(rule.name);
      if (first === undefined) firstByName.set(rule.name, i);
      else
        issues.push({
          path: [...at, 'name'],
          message: `duplicate rule name "${rule.name}" (first used by spec.rules[${first}])`,
        });
    }
    checkOutcome(rule, at, issues);
    checkGroupReferences(rule, at, groups, issues);
  });
}

function checkGrantableRoles(spec: Raw, issues: RawIssue[]): void {
  const firstByName = new Map<string, number>();
  listOf(spec.grantableRoles).forEach((role, i) => {
    if (!isRecord(role)) return;
    const at = ['spec', 'grantableRoles', i];
    if (typeof role.name === 'string') {
      const first = firstByName.get(role.name);
      if (first === undefined) firstByName.set(role.name, i);
      else
        issues.push({
          path: [...at, 'name'],
          message: `duplicate grantable role "${role.name}" (first listed at spec.grantableRoles[${first}])`,
        });
    }
    if (role.kind === 'Role') {
      listOf(role.scopes).forEach((scope, j) => {
        if (scope === 'cluster') {
          issues.push({
            path: [...at, 'scopes', j],
            message: 'a Role cannot be bound cluster-wide: use kind ClusterRole or scope namespace',
          });
        }
      });
    }
  });
}

/**
 * Checks what a schema cannot see field by field: unique rule and role names, approver
 * groups that exist, the fields each outcome requires or forbids, and Roles bound
 * cluster-wide. Works on the raw document so it reports alongside schema errors.
 */
export function checkPolicyReferences(document: unknown): RawIssue[] {
  const issues: RawIssue[] = [];
  if (!isRecord(document) || !isRecord(document.spec)) return issues;
  checkRules(document.spec, issues);
  checkGrantableRoles(document.spec, issues);
  return issues;
}
