import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load.ts';
import { parseIdentityTable } from '../../../src/core/identity/identity-table.ts';
import { manifestObject, readEnvFile, repoPath } from './manifest-files.ts';

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

function devLiterals(): Record<string, string> {
  const kustomization = parse(
    readFileSync(repoPath('manifests/overlays/dev/kustomization.yaml'), 'utf8'),
  ) as {
    configMapGenerator: { name: string; behavior?: string; literals?: string[] }[];
  };
  const generator = kustomization.configMapGenerator.find((g) => g.name === 'countersign-config');
  assert.equal(generator?.behavior, 'merge');
  return Object.fromEntries(
    (generator.literals ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('the countersign-config ConfigMap', () => {
  test('base settings load as a whole, in-cluster (no kubeconfig) and listening beyond loopback', () => {
    const env = readEnvFile('manifests/base/config.env');
    const config = loadConfig(env, noFiles);
    assert.equal(config.http.host, '0.0.0.0');
    assert.equal(env.KUBECONFIG, undefined);
    assert.equal(config.redis.url, 'redis://countersign-redis:6379');
  });

  test('the dev overlay merges settings that still load', () => {
    const env = { ...readEnvFile('manifests/base/config.env'), ...devLiterals() };
    const config = loadConfig(env, noFiles);
    assert.equal(config.logLevel, 'debug');
  });

  test('the policy and identity files it names are where the Deployments mount their ConfigMaps', () => {
    const env = readEnvFile('manifests/base/config.env');
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

describe('files the base turns into ConfigMaps', () => {
  test('policy.yaml is examples/policy.yaml (kustomize reads no file outside its folder, so it is a copy)', () => {
    // Only the editor's schema line differs: it is relative to each file's folder.
    const body = (path: string) =>
      readFileSync(repoPath(path), 'utf8').replace(/^# yaml-language-server: .*\n/, '');
    const copy = body('manifests/base/policy.yaml');
    const example = body('examples/policy.yaml');
    assert.ok(
      copy === example,
      'run: sed 1s,=../,=../../, examples/policy.yaml > manifests/base/policy.yaml',
    );
  });

  test("the dev overlay's policy.yaml is examples/sandbox-policy.yaml, whose approvers the dev users are", () => {
    const body = (path: string) =>
      readFileSync(repoPath(path), 'utf8').replace(/^# yaml-language-server: .*\n/, '');
    assert.ok(
      body('manifests/overlays/dev/policy.yaml') === body('examples/sandbox-policy.yaml'),
      'run: sed 1s,=../,=../../../, examples/sandbox-policy.yaml > manifests/overlays/dev/policy.yaml',
    );
  });

  test('identities.yaml is a valid, empty identity table', () => {
    const table = parseIdentityTable(
      parse(readFileSync(repoPath('manifests/base/identities.yaml'), 'utf8')),
      'identities.yaml',
    );
    assert.deepEqual(table, { slack: {}, teams: {}, web: {}, emailGroups: {} });
  });
});
