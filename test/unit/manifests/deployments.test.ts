import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SECRET_SETTINGS } from '../../../src/config/settings.ts';
import { readFileSync } from 'node:fs';
import { manifestObject, readManifest, repoPath } from './manifest-files.ts';

interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  command?: string[];
  args?: string[];
  image?: string;
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[] };
    seccompProfile?: { type?: string };
  };
}
interface PodSpec {
  serviceAccountName?: string;
  enableServiceLinks?: boolean;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
  containers: Container[];
}

const DEPLOYMENTS = [
  { file: 'manifests/base/serve.yaml', name: 'countersign-serve', command: 'serve' },
  { file: 'manifests/base/worker.yaml', name: 'countersign-worker', command: 'worker' },
] as const;

function podSpec(file: string, name: string): PodSpec {
  const deployment = manifestObject(file, 'Deployment', name) as unknown as {
    spec: { template: { spec: PodSpec } };
  };
  return deployment.spec.template.spec;
}

/** The image's ENTRYPOINT (`node --enable-source-maps dist/…`), read from the Dockerfile. */
const ENTRYPOINT = JSON.parse(
  /^ENTRYPOINT\s+(\[.*\])$/m.exec(readFileSync(repoPath('Dockerfile'), 'utf8'))?.[1] ?? '[]',
) as string[];

const VERSION = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;

describe('serve and worker Deployments', () => {
  test("the chart's appVersion is the package version", () => {
    const chart = readFileSync(repoPath('charts/countersign/Chart.yaml'), 'utf8');
    assert.match(chart, new RegExp(`^appVersion: ${VERSION.replaceAll('.', '\\.')}$`, 'm'));
  });

  test('the image runs the compiled JavaScript with source maps', () => {
    assert.deepEqual(ENTRYPOINT, ['node', '--enable-source-maps', 'dist/cli/main.js']);
  });

  for (const { file, name, command } of DEPLOYMENTS) {
    test(`${name} runs the image's entry point with \`${command}\` as Countersign, hardened`, () => {
      const spec = podSpec(file, name);
      // serve runs as the read-only countersign-serve; only the worker may impersonate and bind (issue 15 item 11).
      assert.equal(spec.serviceAccountName, command === 'serve' ? 'countersign-serve' : 'countersign');
      assert.equal(spec.enableServiceLinks, false);
      assert.equal(spec.securityContext?.runAsNonRoot, true);
      assert.equal(spec.securityContext?.seccompProfile?.type, 'RuntimeDefault');
      const [container, ...others] = spec.containers;
      assert.equal(others.length, 0);
      assert.ok(container);
      // The chart's appVersion, which follows package.json (never the unpublished :latest).
      assert.equal(container.image, `ghcr.io/countersign/countersign:${VERSION}`);
      assert.deepEqual([...(container.command ?? []), ...(container.args ?? [])], [...ENTRYPOINT, command]);
      assert.equal(container.livenessProbe?.httpGet?.path, '/healthz');
      assert.equal(container.startupProbe?.httpGet?.path, '/healthz');
      assert.equal(container.readinessProbe?.httpGet?.path, '/readyz');
      // Probes and metrics on their own port (METRICS_PORT), which the public Service does not expose.
      const settings = manifestObject(
        'manifests/base/config.yaml',
        'ConfigMap',
        'countersign-config',
      ) as unknown as {
        data: Record<string, string>;
      };
      const metricsPort = Number(settings.data.METRICS_PORT);
      assert.deepEqual(
        container.ports?.find((p) => p.name === 'metrics'),
        { name: 'metrics', containerPort: metricsPort },
      );
      for (const probe of [container.livenessProbe, container.startupProbe, container.readinessProbe])
        assert.equal(probe?.httpGet?.port, 'metrics');
      assert.ok(container.resources?.requests?.cpu && container.resources.requests.memory);
      assert.ok(container.resources.limits?.memory);
      assert.deepEqual(container.securityContext, {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });

    test(`${name} reads every secret setting, and only those, from the Secret, each optional`, () => {
      const [container] = podSpec(file, name).containers;
      const fromSecret = (container?.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
      assert.deepEqual(
        fromSecret.map((e) => e.name),
        [...SECRET_SETTINGS],
      );
      for (const { name: variable, valueFrom } of fromSecret) {
        assert.deepEqual(valueFrom?.secretKeyRef, { name: 'countersign', key: variable, optional: true });
      }
    });
  }
});

describe('the public Service', () => {
  test('exposes the public port only, never /metrics or the probes', () => {
    const service = manifestObject('manifests/base/serve.yaml', 'Service', 'countersign') as unknown as {
      spec: { ports: { targetPort: string }[] };
    };
    assert.deepEqual(
      service.spec.ports.map((p) => p.targetPort),
      ['http'],
    );
  });
});

describe('the Secret template', () => {
  test('holds one empty key per secret setting, named as in .env.example', () => {
    const [secret, ...rest] = readManifest('manifests/base/secret.example.yaml');
    assert.equal(rest.length, 0);
    assert.equal(secret?.kind, 'Secret');
    assert.equal(secret.metadata.name, 'countersign');
    assert.equal(secret.metadata.namespace, 'countersign');
    const data = secret.stringData as Record<string, string>;
    assert.deepEqual(Object.keys(data), [...SECRET_SETTINGS]);
    assert.ok(Object.values(data).every((value) => value === ''));
  });
});
