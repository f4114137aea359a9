import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import { manifestObject, repoPath } from './manifest-files.ts';

const noFiles = (path: string): string => {
  throw new Error(`no file ${path} in this test`);
};

interface Mount {
  name: string;
  mountPath: string;
}
interface Volume {
  name: string;
  configMap?: { name: string };
}

/** The data of one generated ConfigMap (manifests/<folder>/config.yaml). */
function configMapData(folder: string, name: string): Record<string, string> {
  return (
    manifestObject(`${folder}/config.yaml`, 'ConfigMap', name) as unknown as { data: Record<string, string> }
  ).data;
}

describe('the countersign-config ConfigMap', () => {
  test('base settings load as a whole, in-cluster (no kubeconfig) and listening beyond loopback', () => {
    const env = configMapData('manifests/base', 'countersign-config');
    const config = loadConfig(env, noFiles);
    assert.equal(config.http.host, '0.0.0.0');
    assert.equal(env.KUBECONFIG, undefined);
    assert.equal(config.redis.url, 'redis://countersign-redis:6379');
  });

  test('the dev settings load', () => {
    const config = loadConfig(configMapData('manifests/overlays/dev', 'countersign-config'), noFiles);
    assert.equal(config.logLevel, 'debug');
  });

  test('the policy and identity files it names are where the Deployments mount their ConfigMaps', () => {
    const env = configMapData('manifests/base', 'countersign-config');
    for (const file of ['manifests/base/serve.yaml', 'manifests/base/worker.yaml']) {
      const name = file.includes('serve') ? 'countersign-serve' : 'countersign-worker';
      const { spec } = manifestObject(file, 'Deployment', name) as unknown as {
        spec: { template: { spec: { volumes: Volume[]; containers: { volumeMounts: Mount[] }[] } } };
      };
      const pod = spec.template.spec;
      const mountOf = (configMap: string) => {
        const volume = pod.volumes.find((v) => v.configMap?.name === configMap);
        return pod.containers[0]?.volumeMounts.find((m) => m.name === volume?.name)?.mountPath;
      };
      assert.equal(env.COUNTERSIGN_POLICY_FILE, `${mountOf('countersign-policy')}/policy.yaml`);
      assert.equal(
        env.COUNTERSIGN_IDENTITY_TABLE_FILE,
        `${mountOf('countersign-identities')}/identities.yaml`,
      );
    }
  });
});

describe('the policy and identity ConfigMaps the chart renders into manifests/', () => {
  test('the base ships examples/policy.yaml and the dev install examples/sandbox-policy.yaml, whose approvers the dev users are', () => {
    const policyOf = (folder: string) => configMapData(folder, 'countersign-policy')['policy.yaml'];
    assert.equal(policyOf('manifests/base'), readFileSync(repoPath('examples/policy.yaml'), 'utf8'));
    assert.equal(
      policyOf('manifests/overlays/dev'),
      readFileSync(repoPath('examples/sandbox-policy.yaml'), 'utf8'),
    );
  });

  test('identities.yaml is a valid, empty identity table', () => {
    const table = parseIdentityTable(
      parse(configMapData('manifests/base', 'countersign-identities')['identities.yaml'] ?? ''),
      'identities.yaml',
    );
    assert.deepEqual(table, { slack: {}, teams: {}, web: {}, emailGroups: {} });
  });
});
