import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { findHelm } from '../../../scripts/chart-manifests.ts';
import { registerExitCleanup } from '../../harness/exit-cleanup.ts';
import { freePorts } from '../../harness/free-port.ts';
import { makeLocalCa, type LocalCa } from '../../harness/local-ca.ts';
import { find, podSpec, renderChart, type ChartObject } from './chart-objects.ts';

const PASSWORD = 'tls-redis-password-7d41c2';
const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** Resolves once the TLS port answers AUTH and PING (the server is up); rejects after 10 s. */
async function waitForTlsPong(port: number, ca: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', ca, servername: 'localhost' }, () =>
        socket.write(`AUTH ${PASSWORD}\r\nPING\r\n`),
      );
      let text = '';
      const done = () => {
        socket.destroy();
        resolve(text);
      };
      socket.setTimeout(1000, done);
      socket.once('error', done);
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('+PONG')) done();
      });
    });
    if (reply.includes('+PONG')) return;
    await sleep(25);
  }
  throw new Error(`redis-server did not answer on its TLS port ${port}`);
}

/**
 * What a pod of the rendered Deployment sees: the ConfigMap `countersign-config` and the
 * container's env as its environment, and each mounted Secret or ConfigMap volume as files
 * at the mount path, filled from `secrets` (Secret name → key → text) as the kubelet would.
 */
function podView(
  objects: readonly ChartObject[],
  deployment: string,
  secrets: Readonly<Record<string, Readonly<Record<string, string>>>>,
) {
  const pod = podSpec(find(objects, 'Deployment', deployment));
  const [container] = pod.containers;
  assert.ok(container);
  const dataOf = (name: string) =>
    (find(objects, 'ConfigMap', name) as unknown as { data: Record<string, string> }).data;
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) Object.assign(env, dataOf(from.configMapRef.name));
  for (const variable of container.env ?? [])
    if (variable.value !== undefined) env[variable.name] = variable.value;
  const files = new Map<string, string>();
  for (const mount of container.volumeMounts) {
    const volume = pod.volumes.find((v) => v.name === mount.name);
    if (volume?.secret) {
      const data = secrets[volume.secret.secretName] ?? {};
      for (const item of volume.secret.items ?? []) {
        const text = data[item.key];
        if (text !== undefined) files.set(`${mount.mountPath}/${item.path}`, text);
      }
    } else if (volume?.configMap) {
      for (const [key, text] of Object.entries(dataOf(volume.configMap.name)))
        files.set(`${mount.mountPath}/${key}`, text);
    }
  }
  return {
    env,
    readFile: (path: string) => {
      const text = files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
  };
}

describe("the chart's external Redis over TLS (rediss://, a private CA, the password from a Secret file) on a real redis-server with TLS", () => {
  const work = mkdtempSync(join(tmpdir(), 'countersign-redis-tls-'));
  let ca: LocalCa;
  let otherCa: LocalCa;
  let server: ChildProcess | undefined;
  let objects: ChartObject[];
  let port = 0;

  before(async () => {
    ca = makeLocalCa(join(work, 'ca'), 'redis');
    otherCa = makeLocalCa(join(work, 'other-ca'), 'redis');
    [port = 0] = await freePorts(1);
    server = spawn(
      REDIS_SERVER_BIN,
      [
        ...['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1'],
        ...['--tls-cert-file', ca.certPath, '--tls-key-file', ca.keyPath, '--tls-auth-clients', 'no'],
        ...['--requirepass', PASSWORD, '--save', '', '--appendonly', 'no', '--dir', work],
      ],
      { stdio: 'ignore' },
    );
    const running = server;
    registerExitCleanup(() => running.kill('SIGKILL'));
    const helm = await findHelm();
    [objects] = await Promise.all([
      renderChart(helm, [
        ...['--set', `redis.url=rediss://127.0.0.1:${port}/0`, '--set', 'redis.tls.caSecret=redis-ca'],
        ...['--set', 'secret.name=countersign-secrets', '--set', 'secret.keys={REDIS_PASSWORD}'],
        ...['--set', 'secret.asFiles=true'],
      ]),
      waitForTlsPong(port, ca.caPem),
    ]);
  });
  after(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    rmSync(work, { recursive: true, force: true });
  });

  test('serve and worker, configured as the chart renders them, connect over TLS and read and write', async () => {
    for (const deployment of ['countersign-serve', 'countersign-worker']) {
      const { env, readFile } = podView(objects, deployment, {
        'countersign-secrets': { REDIS_PASSWORD: `${PASSWORD}\n` },
        'redis-ca': { 'ca.crt': ca.caPem },
      });
      assert.equal(env.REDIS_TLS_CA_PATH, '/etc/countersign/redis-ca/ca.crt');
      assert.equal(env.REDIS_PASSWORD_FILE, '/etc/countersign/secrets/REDIS_PASSWORD');
      const config = loadConfig(env, readFile);
      const redis = createRedis(config.redis);
      try {
        assert.equal(await redis.ping(), 'PONG', deployment);
        await redis.set(`${config.redis.keyPrefix}:tls-check`, deployment);
        assert.equal(await redis.get(`${config.redis.keyPrefix}:tls-check`), deployment);
      } finally {
        redis.disconnect();
      }
    }
  });

  test('a CA that did not sign the server certificate: the connection is refused with the certificate error, no command runs', async () => {
    const { env, readFile } = podView(objects, 'countersign-worker', {
      'countersign-secrets': { REDIS_PASSWORD: PASSWORD },
      'redis-ca': { 'ca.crt': otherCa.caPem },
    });
    const redis = createRedis(loadConfig(env, readFile).redis, { lazyConnect: true });
    const refused = once(redis, 'error');
    redis.connect().catch(() => undefined);
    const [error] = (await refused) as [Error];
    redis.disconnect();
    assert.match(error.message, /self[- ]signed certificate in certificate chain|unable to verify/);
    assert.notEqual(redis.status, 'ready');
  });

  test('a missing CA key in the Secret is named by its setting before anything connects', () => {
    const { env, readFile } = podView(objects, 'countersign-worker', {
      'countersign-secrets': { REDIS_PASSWORD: PASSWORD },
      'redis-ca': {},
    });
    assert.throws(
      () => loadConfig(env, readFile),
      (error: { issues?: { variable: string; message: string }[] }) =>
        error.issues?.some(
          (i) =>
            i.variable === 'REDIS_TLS_CA_PATH' &&
            /cannot read file \/etc\/countersign\/redis-ca\/ca\.crt/.test(i.message),
        ) === true,
    );
  });
});
