import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDemoPrerequisites } from '../../../scripts/demo-prerequisites.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('npm run demo checks its prerequisites first', () => {
  let dir: string;
  const tool = (path: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };
  const builtCache = () => {
    const cache = join(dir, 'cache-built');
    for (const file of ['kube-apiserver', 'etcd', 'kubectl', 'kube-controller-manager'])
      tool(join(cache, 'k8s-v1.34.4', file));
    return cache;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'countersign-demo-prereq-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('nothing missing: no complaint', () => {
    const report = checkDemoPrerequisites(
      { REDIS_SERVER_BIN: tool(join(dir, 'bin/redis-server')), COUNTERSIGN_CACHE: builtCache(), PATH: '' },
      '20.19.0',
      [],
    );
    assert.deepEqual(report, { missing: [], notes: [] });
  });

  test('redis-server missing: names the path and the install command', () => {
    const report = checkDemoPrerequisites(
      { REDIS_SERVER_BIN: join(dir, 'nowhere/redis-server'), COUNTERSIGN_CACHE: builtCache(), PATH: '' },
      '22.0.0',
      [],
    );
    assert.equal(report.missing.length, 1);
    assert.match(
      report.missing[0] ?? '',
      /redis-server is missing .*nowhere\/redis-server.*sudo apt-get install -y redis-server/,
    );
  });

  test('control plane not built and no Go: says to install Go and run the build script', () => {
    const report = checkDemoPrerequisites(
      {
        REDIS_SERVER_BIN: tool(join(dir, 'bin/redis-server')),
        COUNTERSIGN_CACHE: join(dir, 'empty'),
        PATH: join(dir, 'bin'),
      },
      '20.19.0',
      [],
    );
    assert.equal(report.missing.length, 1);
    assert.match(report.missing[0] ?? '', /kube-apiserver, etcd, kubectl, kube-controller-manager/);
    assert.match(report.missing[0] ?? '', /install Go .*go\.dev\/dl.*scripts\/build-control-plane\.sh/);
  });

  test('control plane not built but Go present: a note that the first run builds it', () => {
    const goDir = join(dir, 'go/bin');
    tool(join(goDir, 'go'));
    const report = checkDemoPrerequisites(
      {
        REDIS_SERVER_BIN: tool(join(dir, 'bin/redis-server')),
        COUNTERSIGN_CACHE: join(dir, 'empty'),
        PATH: '',
      },
      '20.19.0',
      [goDir],
    );
    assert.deepEqual(report.missing, []);
    assert.match(report.notes[0] ?? '', /first run builds it .*scripts\/build-control-plane\.sh/);
  });

  test('Node older than 20.19 is named', () => {
    const report = checkDemoPrerequisites(
      { REDIS_SERVER_BIN: tool(join(dir, 'bin/redis-server')), COUNTERSIGN_CACHE: builtCache(), PATH: '' },
      '20.11.1',
      [],
    );
    assert.match(report.missing[0] ?? '', /Node 20\.11\.1 is too old/);
  });

  test('npm run demo exits 1 before starting anything and says what is missing', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/demo.ts')], {
      cwd: ROOT,
      env: { ...process.env, REDIS_SERVER_BIN: join(dir, 'nowhere/redis-server') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /demo: cannot start, this machine is missing:\n {2}- redis-server is missing/,
    );
    assert.doesNotMatch(result.stderr, /starting the sandbox control plane/);
  });
});
