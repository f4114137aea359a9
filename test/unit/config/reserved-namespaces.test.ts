import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { issueFor, noFiles, problems } from './fixtures.ts';

void describe('COUNTERSIGN_RESERVED_NAMESPACES', () => {
  void test("defaults to Countersign's own namespace and kube-system; a list replaces it", () => {
    assert.deepEqual(loadConfig({}, noFiles).kubernetes.reservedNamespaces, ['countersign', 'kube-system']);
    const config = loadConfig({ COUNTERSIGN_RESERVED_NAMESPACES: 'ops-countersign, kube-system' }, noFiles);
    assert.deepEqual(config.kubernetes.reservedNamespaces, ['ops-countersign', 'kube-system']);
  });

  void test('names what is not a namespace name', () => {
    const issues = problems({ COUNTERSIGN_RESERVED_NAMESPACES: 'countersign,Kube_System' });
    assert.match(
      issueFor(issues, 'COUNTERSIGN_RESERVED_NAMESPACES'),
      /"Kube_System" is not a namespace name/,
    );
  });
});
