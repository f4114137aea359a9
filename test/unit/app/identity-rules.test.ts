import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { identityFromFile } from '../../../src/app/identity-rules.ts';
import { sha256Of, type FileReload } from '../../../src/app/watched-file.ts';
import { resolvePrincipal } from '../../../src/core/identity/resolve-principal.ts';
import { configMapDir } from '../../harness/config-map-dir.ts';

const table = (username: string) => `
slack:
  U0ALICE: { username: ${username}, groups: [developers] }
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

test('the identity table reloads on a ConfigMap-style swap; a bad table is refused naming the entry and the old one stays', async () => {
  const volume = configMapDir({ 'identity.yaml': table('alice') });
  const path = volume.path('identity.yaml');
  try {
    const { lines, logger } = capturingLogger();
    const reloads: FileReload[] = [];
    const source = identityFromFile({ mode: 'table', tableFile: path, emailUsernamePrefix: '' }, logger, {
      pollMs: 25,
      onReload: (reload) => reloads.push(reload),
    });
    const alice = { platform: 'slack', userId: 'U0ALICE' } as const;
    assert.equal(resolvePrincipal(source.rules, alice).username, 'alice');

    const renamed = table('alice.smith');
    volume.update({ 'identity.yaml': renamed });
    await until(() => reloads.length === 1, 'the reload');
    assert.deepEqual(reloads[0], { file: path, sha256: sha256Of(renamed), applied: true });
    assert.equal(resolvePrincipal(source.rules, alice).username, 'alice.smith');

    const bad = `${renamed}  U0BOB: { groups: [sre] }\n`;
    volume.update({ 'identity.yaml': bad });
    await until(() => reloads.length === 2, 'the refused reload');
    assert.equal(reloads[1]?.applied, false);
    assert.equal(reloads[1]?.sha256, sha256Of(bad));
    assert.match(reloads[1]?.error ?? '', /slack\.U0BOB\.username/);
    assert.equal(resolvePrincipal(source.rules, alice).username, 'alice.smith');
    const error = lines.find((l) => l.level === 50);
    assert.match(
      String(error?.msg),
      /identity table file .* changed but cannot be used \(.*slack\.U0BOB\.username.*\); the previous identity table stays in force/s,
    );
    source.close();
  } finally {
    volume.remove();
  }
});

test('without a table file the table is empty and nothing is watched', () => {
  const source = identityFromFile({ mode: 'table', emailUsernamePrefix: '' }, capturingLogger().logger);
  assert.deepEqual(source.rules.table.slack, {});
  assert.throws(
    () => resolvePrincipal(source.rules, { platform: 'slack', userId: 'U0ALICE' }),
    /identity table/,
  );
  source.close();
});
