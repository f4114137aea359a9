import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';

const UNZIP = process.env.UNZIP_BIN ?? '/usr/bin/unzip';
const TEMPLATE = new URL('../../../manifests/teams/', import.meta.url);
const APP_ID = '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e';

const run = (program: string, args: string[]) =>
  spawnSync(program, args, { encoding: 'utf8', timeout: 60_000 });
const cli = (args: string[]) => run(process.execPath, [...COUNTERSIGN_FROM_SOURCE, ...args]);

describe('countersign teams-package writes the zip the Teams admin center uploads (read back with unzip)', () => {
  const work = mkdtempSync(join(tmpdir(), 'countersign-teams-package-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('manifest.json with the app ID filled in and both icons, at the zip root, intact', () => {
    const zip = join(work, 'countersign-teams.zip');
    const made = cli(['teams-package', '--app-id', APP_ID.toUpperCase(), '--out', zip]);
    assert.equal(made.status, 0, made.stdout + made.stderr);
    assert.match(made.stdout, new RegExp(`wrote .*countersign-teams\\.zip .* for app ${APP_ID}`));

    const tested = run(UNZIP, ['-t', zip]);
    assert.equal(tested.status, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /No errors detected/);
    const listed = run(UNZIP, ['-Z1', zip]);
    assert.deepEqual(listed.stdout.trim().split('\n'), ['manifest.json', 'color.png', 'outline.png']);

    const out = join(work, 'unpacked');
    assert.equal(run(UNZIP, ['-q', zip, '-d', out]).status, 0);
    assert.deepEqual(readdirSync(out).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    assert.doesNotMatch(text, /\$\{\{/, 'no placeholder is left');
    const manifest = JSON.parse(text) as {
      id: string;
      manifestVersion: string;
      icons: { color: string; outline: string };
      bots: { botId: string }[];
    };
    assert.equal(manifest.id, APP_ID, 'the app ID, in the lower case Teams shows');
    assert.deepEqual(
      manifest.bots.map((b) => b.botId),
      [APP_ID],
    );
    assert.equal(manifest.manifestVersion, '1.17');
    const template = readFileSync(new URL('manifest.json', TEMPLATE), 'utf8');
    assert.equal(
      text,
      template.replaceAll('${{TEAMS_APP_ID}}', APP_ID),
      'nothing else of the manifest changes',
    );
    for (const icon of [manifest.icons.color, manifest.icons.outline]) {
      assert.deepEqual(readFileSync(join(out, icon)), readFileSync(new URL(icon, TEMPLATE)), icon);
    }
  });

  test('an app ID that is not a GUID is refused by name, and no file is written', () => {
    const zip = join(work, 'refused.zip');
    const refused = cli(['teams-package', '--app-id', 'my-bot', '--out', zip]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /--app-id .*'my-bot' is invalid.*Microsoft App ID \(TEAMS_APP_ID\), a GUID/);
    assert.equal(existsSync(zip), false);
    const missing = cli(['teams-package', '--out', zip]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /required option '--app-id <guid>' not specified/);
  });

  test('a folder that cannot be written to is named, exit 2', () => {
    const made = cli(['teams-package', '--app-id', APP_ID, '--out', join(work, 'no-such-folder', 'x.zip')]);
    assert.equal(made.status, 2);
    assert.match(made.stderr, /cannot write .*no-such-folder\/x\.zip: ENOENT/);
  });
});
