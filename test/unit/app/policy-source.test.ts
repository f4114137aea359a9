import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { policyFromFile, type PolicyReload } from '../../../src/app/policy-source.ts';
import { sha256Of } from '../../../src/app/watched-file.ts';
import { configMapDir } from '../../harness/config-map-dir.ts';

const policy = (name: string, minApprovals: number) => `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: ${name} }
spec:
  approverGroups:
    sre: { users: [bob, carol] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre], minApprovals: ${minApprovals} }
`;

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('a changed policy file is swapped in whole; a bad edit keeps the previous policy and names the file and field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-policy-'));
  const path = join(dir, 'policy.yaml');
  try {
    writeFileSync(path, policy('first', 1));
    const { lines, logger } = capturingLogger();
    const source = policyFromFile(path, logger, { pollMs: 25 });
    const first = source.current();
    assert.equal(first.name, 'first');

    writeFileSync(path, `${policy('second', 2)}\n`);
    await until(() => source.current().name === 'second', 'the reload');

    writeFileSync(path, policy('third', 0).replace('minApprovals: 0', 'minApprovals: many'));
    await until(() => lines.some((l) => l.level === 50), 'the error line');
    assert.equal(source.current().name, 'second');
    const error = lines.find((l) => l.level === 50);
    assert.equal(error?.path, path);
    assert.match(String(error?.msg), new RegExp(`policy file ${path} changed but cannot be used`));
    assert.match(JSON.stringify(error?.issues), /minApprovals/);
    source.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a policy file that is invalid at start is an error naming the bad field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-policy-'));
  const path = join(dir, 'policy.yaml');
  try {
    writeFileSync(path, policy('bad', 1).replace('outcome: require-approval', 'outcome: maybe'));
    assert.throws(
      () => policyFromFile(path, capturingLogger().logger, { watch: false }),
      /spec\.rules\[0\]\.outcome/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a ConfigMap-style update (the ..data symlink swapped) is seen and applied; a bad one keeps the policy in force', async () => {
  const volume = configMapDir({ 'policy.yaml': policy('first', 1) });
  try {
    const { lines, logger } = capturingLogger();
    const reloads: PolicyReload[] = [];
    const source = policyFromFile(volume.path('policy.yaml'), logger, {
      pollMs: 25,
      onReload: (reload) => reloads.push(reload),
    });
    const second = policy('second', 2);
    volume.update({ 'policy.yaml': second });
    await until(() => reloads.length === 1, 'the reload');
    assert.equal(source.current().name, 'second');
    assert.deepEqual(reloads[0], {
      file: volume.path('policy.yaml'),
      sha256: sha256Of(second),
      applied: true,
    });

    const bad = policy('third', 1).replace('outcome: require-approval', 'outcome: maybe');
    volume.update({ 'policy.yaml': bad });
    await until(() => reloads.length === 2, 'the refused reload');
    assert.equal(source.current().name, 'second');
    assert.equal(reloads[1]?.applied, false);
    assert.equal(reloads[1]?.sha256, sha256Of(bad));
    assert.match(reloads[1]?.error ?? '', /spec\.rules\[0\]\.outcome/);
    assert.match(String(lines.find((l) => l.level === 50)?.msg), /previous policy stays in force/);
    source.close();
  } finally {
    volume.remove();
  }
});
