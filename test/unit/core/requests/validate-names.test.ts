import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  isDns1123Label,
  isDns1123Subdomain,
  objectNameProblem,
  roleNameProblem,
} from '../../../../src/core/requests/validate-names.ts';

describe('name validation', () => {
  test('DNS-1123 labels as Kubernetes validates namespaces', () => {
    for (const good of ['a', 'prod', 'prod-payments', '0', 'a1-b2', 'x'.repeat(63)])
      assert.ok(isDns1123Label(good), good);
    for (const bad of ['', '-a', 'a-', 'a.b', 'A', 'a_b', 'x'.repeat(64), 'é']) {
      assert.equal(isDns1123Label(bad), false, bad);
    }
  });

  test('DNS-1123 subdomains as Kubernetes validates object and node names', () => {
    for (const good of [
      'web-7f9c',
      'ip-10-0-1-12.ec2.internal',
      'a.b',
      `${'a'.repeat(63)}.${'b'.repeat(63)}`,
    ]) {
      assert.ok(isDns1123Subdomain(good), good);
    }
    for (const bad of ['', '.a', 'a.', 'a..b', 'a.-b', 'Web', 'a/b', 'a b', 'a'.repeat(254)]) {
      assert.equal(isDns1123Subdomain(bad), false, bad);
    }
  });

  test('problems say what is wrong', () => {
    assert.match(dns1123SubdomainProblem('Web')!, /lower-case/);
    assert.match(dns1123SubdomainProblem('a'.repeat(254))!, /254 characters.*253/);
    assert.match(dns1123SubdomainProblem('a_b')!, /'_'/);
    assert.match(dns1123SubdomainProblem('a\u0000b')!, /U\+0000/);
    assert.match(dns1123LabelProblem('-a')!, /start and end/);
    assert.match(dns1123SubdomainProblem('a..b')!, /empty part/);
    assert.match(dns1035LabelProblem('1api')!, /start with a letter/);
  });

  test('object names follow the kind: Services are DNS-1035 labels', () => {
    assert.equal(objectNameProblem(kindInfo('Pod'), '1web.x'), undefined);
    assert.ok(objectNameProblem(kindInfo('Service'), '1web'));
    assert.ok(objectNameProblem(kindInfo('Service'), 'web.x'));
  });

  test('role names allow the colon of system roles', () => {
    assert.equal(roleNameProblem('system:aggregate-to-view'), undefined);
    assert.ok(roleNameProblem('View'));
    assert.ok(roleNameProblem(':x'));
  });
});
