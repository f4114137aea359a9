import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import type { PolicyInput } from '../../../../src/core/policy/decision.ts';
import type { Policy } from '../../../../src/core/policy/policy.ts';
import { accessResources, accessRole, action, allowOnly, input, scale } from './policy-fixtures.ts';

const allowed = (policy: Policy, given: PolicyInput): boolean => {
  const decision = evaluatePolicy(policy, given);
  if (decision.outcome === 'deny') assert.match(decision.reason, /no policy rule matches/);
  return decision.outcome === 'auto-approve';
};

const deletePod = (namespace = 'prod-payments') => action('delete', 'Pod', 'web-1', namespace);

describe('match dimensions', () => {
  test('clusters: globs on the resolved cluster name', () => {
    const policy = allowOnly('{ clusters: [prod-*] }');
    assert.equal(allowed(policy, input(deletePod(), { cluster: 'prod-eu-1' })), true);
    assert.equal(allowed(policy, input(deletePod(), { cluster: 'staging-eu-1' })), false);
  });

  test('namespaces: globs, and a namespace glob never matches a cluster-scoped target', () => {
    const policy = allowOnly("{ namespaces: ['prod-*', kube-system] }");
    assert.equal(allowed(policy, input(deletePod('prod-payments'))), true);
    assert.equal(allowed(policy, input(deletePod('kube-system'))), true);
    assert.equal(allowed(policy, input(deletePod('production'))), false);
    assert.equal(allowed(policy, input(action('cordon', 'Node', 'ip-10-0-1-12'))), false);
    assert.equal(allowed(allowOnly("{ namespaces: ['*'] }"), input(action('drain', 'Node', 'n1'))), false);
  });

  test('verbs: action verbs and access', () => {
    const policy = allowOnly('{ verbs: [delete, access] }');
    assert.equal(allowed(policy, input(deletePod())), true);
    assert.equal(allowed(policy, input(accessRole('view', 'prod-payments', 3600))), true);
    assert.equal(allowed(policy, input(action('restart', 'Deployment', 'api', 'prod-payments'))), false);
    assert.equal(allowed(policy, input(scale('api', 'prod-payments'))), false);
  });

  test('kinds: aliases are normalised; for access, the kinds of the resources asked for', () => {
    const policy = allowOnly('{ kinds: [po, deploy] }');
    assert.equal(allowed(policy, input(deletePod())), true);
    assert.equal(allowed(policy, input(scale('api', 'prod-payments'))), true);
    assert.equal(allowed(policy, input(action('delete', 'Secret', 'db', 'prod-payments'))), false);
    assert.equal(allowed(policy, input(accessResources(['pods', 'pods/log'], 'prod-payments', 600))), true);
    assert.equal(allowed(policy, input(accessRole('view', 'prod-payments', 600))), false);
  });

  test('roles: globs on the role of an access role request only', () => {
    const policy = allowOnly("{ roles: ['vi*'] }");
    assert.equal(allowed(policy, input(accessRole('view', 'prod-payments', 600))), true);
    assert.equal(allowed(policy, input(accessRole('edit', 'prod-payments', 600))), false);
    assert.equal(allowed(policy, input(accessResources(['pods'], 'prod-payments', 600))), false);
    assert.equal(allowed(policy, input(deletePod())), false);
  });

  test('labels: exact values and globs on the target; unknown labels count as none', () => {
    const policy = allowOnly("{ labels: { sensitivity: high, team: 'pay*' } }");
    const labels = { sensitivity: 'high', team: 'payments' };
    assert.equal(allowed(policy, input(deletePod(), { target: { labels } })), true);
    assert.equal(
      allowed(policy, input(deletePod(), { target: { labels: { ...labels, sensitivity: 'low' } } })),
      false,
    );
    assert.equal(allowed(policy, input(deletePod(), { target: { labels: { sensitivity: 'high' } } })), false);
    assert.equal(allowed(policy, input(deletePod())), false);
  });

  test('labelExpressions: In, NotIn, Exists and DoesNotExist', () => {
    const expr = (e: string) => allowOnly(`{ labelExpressions: [${e}] }`);
    const on = (labels: Record<string, string>) => input(deletePod(), { target: { labels } });
    const inTier = expr("{ key: tier, operator: In, values: [gold, 'silver*'] }");
    assert.equal(allowed(inTier, on({ tier: 'silver-2' })), true);
    assert.equal(allowed(inTier, on({ tier: 'bronze' })), false);
    assert.equal(allowed(inTier, on({})), false);
    const notIn = expr('{ key: tier, operator: NotIn, values: [gold] }');
    assert.equal(allowed(notIn, on({ tier: 'bronze' })), true);
    assert.equal(allowed(notIn, on({})), true);
    assert.equal(allowed(notIn, on({ tier: 'gold' })), false);
    const exists = expr('{ key: pci, operator: Exists }');
    assert.equal(allowed(exists, on({ pci: '' })), true);
    assert.equal(allowed(exists, on({})), false);
    const absent = expr('{ key: pci, operator: DoesNotExist }');
    assert.equal(allowed(absent, on({})), true);
    assert.equal(allowed(absent, on({ pci: 'yes' })), false);
  });

  test('annotations and annotationExpressions look at annotations, not labels', () => {
    const policy = allowOnly(
      "{ annotations: { 'countersign.io/owner': team-a }, annotationExpressions: [{ key: frozen, operator: DoesNotExist }] }",
    );
    const target = (annotations: Record<string, string>, labels: Record<string, string> = {}) =>
      input(deletePod(), { target: { annotations, labels } });
    assert.equal(allowed(policy, target({ 'countersign.io/owner': 'team-a' })), true);
    assert.equal(allowed(policy, target({ 'countersign.io/owner': 'team-a', frozen: 'true' })), false);
    assert.equal(allowed(policy, target({}, { 'countersign.io/owner': 'team-a' })), false);
  });

  test('requesters: a user glob or any listed group', () => {
    const policy = allowOnly("{ requesters: { users: ['*@sre.example.com'], groups: [oncall, 'team-*'] } }");
    assert.equal(allowed(policy, input(deletePod(), { username: 'ana@sre.example.com' })), true);
    assert.equal(
      allowed(policy, input(deletePod(), { username: 'bo@example.com', groups: ['devs', 'oncall'] })),
      true,
    );
    assert.equal(
      allowed(policy, input(deletePod(), { username: 'bo@example.com', groups: ['team-x'] })),
      true,
    );
    assert.equal(
      allowed(policy, input(deletePod(), { username: 'bo@example.com', groups: ['devs'] })),
      false,
    );
    assert.equal(allowed(policy, input(deletePod(), { username: 'ana@sre.example.com.evil' })), false);
  });

  test('breakGlass: true matches only --break-glass requests, false only the others', () => {
    const glass = action('delete', 'Pod', 'web-1', 'prod-payments', { breakGlass: true, incident: 'INC-1' });
    assert.equal(allowed(allowOnly('{ breakGlass: true }'), input(glass)), true);
    assert.equal(allowed(allowOnly('{ breakGlass: true }'), input(deletePod())), false);
    assert.equal(allowed(allowOnly('{ breakGlass: false }'), input(deletePod())), true);
    assert.equal(allowed(allowOnly('{ breakGlass: false }'), input(glass)), false);
  });

  test('schedule: inside and outside a window in a named zone', () => {
    const policy = allowOnly(
      "{ schedule: { timeZone: Europe/Berlin, within: [{ days: [Mon-Fri], from: '09:00', to: '18:00' }] } }",
    );
    assert.equal(allowed(policy, input(deletePod(), { at: Date.parse('2026-01-05T08:30:00Z') })), true);
    assert.equal(allowed(policy, input(deletePod(), { at: Date.parse('2026-01-05T07:30:00Z') })), false);
    assert.equal(allowed(policy, input(deletePod(), { at: Date.parse('2026-01-10T10:00:00Z') })), false);
  });

  test('every present dimension must match; an empty match matches anything', () => {
    const policy = allowOnly("{ namespaces: ['prod-*'], verbs: [delete], kinds: [Pod] }");
    assert.equal(allowed(policy, input(deletePod())), true);
    assert.equal(allowed(policy, input(action('delete', 'Secret', 's', 'prod-payments'))), false);
    assert.equal(allowed(policy, input(deletePod('dev'))), false);
    assert.equal(allowed(allowOnly('{}'), input(action('drain', 'Node', 'n1'))), true);
  });
});
