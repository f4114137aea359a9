import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COUNTERSIGN_APPROVED_EXTRA } from '../../../src/adapters/kubernetes/approved-group.ts';
import { manifestObject } from './manifest-files.ts';

interface Policy {
  spec: {
    failurePolicy: string;
    paramKind?: { apiVersion: string; kind: string };
    matchConditions: { name: string; expression: string }[];
  };
}
interface Binding {
  spec: {
    policyName: string;
    validationActions: string[];
    paramRef?: { name: string; namespace: string; parameterNotFoundAction: string };
    matchResources?: { namespaceSelector?: { matchLabels?: Record<string, string> } };
  };
}

const PROTECTED = 'manifests/base/admission/protected-namespaces.yaml';

describe('admission policies (manifests/base/admission)', () => {
  test('the protected-namespace policy lets through the user extra the Kubernetes adapter adds when it impersonates, not a group', () => {
    const policy = manifestObject(PROTECTED, 'ValidatingAdmissionPolicy', 'countersign-protected-namespaces');
    const conditions = (policy as unknown as Policy).spec.matchConditions;
    const exemption = conditions.find((c) => c.name === 'not-sent-by-countersign-as-the-requester');
    assert.equal(
      exemption?.expression,
      `!(request.userInfo.?extra[?'${COUNTERSIGN_APPROVED_EXTRA}'].orValue([]) == ['true'])`,
    );
  });

  test('its binding selects labelled namespaces and reads the exemptions ConfigMap of the base', () => {
    const binding = manifestObject(
      PROTECTED,
      'ValidatingAdmissionPolicyBinding',
      'countersign-protected-namespaces',
    );
    const { spec } = binding as unknown as Binding;
    assert.deepEqual(spec.validationActions, ['Deny']);
    assert.deepEqual(spec.matchResources?.namespaceSelector?.matchLabels, {
      'countersign.io/protected': 'true',
    });
    const exemptions = manifestObject(
      'manifests/base/admission/exemptions.yaml',
      'ConfigMap',
      spec.paramRef?.name ?? '',
    );
    assert.equal(exemptions.metadata.namespace, spec.paramRef?.namespace);
  });

  test('both policies fail closed and every binding denies', () => {
    for (const [file, name] of [
      ['manifests/base/admission/managed-rbac.yaml', 'countersign-managed-rbac'],
      [PROTECTED, 'countersign-protected-namespaces'],
    ] as const) {
      assert.equal(
        (manifestObject(file, 'ValidatingAdmissionPolicy', name) as unknown as Policy).spec.failurePolicy,
        'Fail',
      );
      const binding = manifestObject(file, 'ValidatingAdmissionPolicyBinding', name) as unknown as Binding;
      assert.equal(binding.spec.policyName, name);
      assert.deepEqual(binding.spec.validationActions, ['Deny']);
    }
  });
});
