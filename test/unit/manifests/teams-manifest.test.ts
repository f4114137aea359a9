import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { TEAMS_SPELLING } from '../../../src/core/conversation/command-spelling.ts';
import { EXAMPLES } from '../../../src/core/requests/examples.ts';
import { ACTION_VERBS } from '../../../src/core/requests/request-types.ts';

const folder = new URL('../../../manifests/teams/', import.meta.url);
const text = readFileSync(new URL('manifest.json', folder), 'utf8');
const GUID = '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e';
const manifest = JSON.parse(text.replaceAll('${{TEAMS_APP_ID}}', GUID)) as {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  developer: Record<string, string>;
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
};

/** Width, height and RGBA pixels of a non-interlaced 8-bit RGBA PNG with unfiltered rows. */
function readPng(file: string): { width: number; height: number; pixels: Buffer } {
  const data = readFileSync(new URL(file, folder));
  assert.deepEqual([...data.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${file} is a PNG`);
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  assert.equal(data[25], 6, `${file} is RGBA`);
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, height * (1 + width * 4));
  const rows = Array.from({ length: height }, (_, y) =>
    raw.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4)),
  );
  return { width, height, pixels: Buffer.concat(rows) };
}

void describe('manifests/teams/manifest.json', () => {
  void test('is a v1.17 manifest whose app and bot are the configured Microsoft App ID', () => {
    assert.equal(manifest.manifestVersion, '1.17');
    assert.match(manifest.$schema, /\/teams\/v1\.17\/MicrosoftTeams\.schema\.json$/);
    assert.equal(manifest.id, GUID);
    assert.equal(manifest.bots[0]?.botId, GUID);
    assert.ok(manifest.name.short.length <= 30 && manifest.name.full.length <= 100);
    assert.ok(manifest.description.short.length <= 80 && manifest.description.full.length <= 4000);
    assert.match(manifest.accentColor, /^#[0-9A-F]{6}$/i);
    for (const url of Object.entries(manifest.developer).filter(([k]) => k.endsWith('Url')))
      assert.match(url[1], /^https:\/\//);
  });

  void test('the bot works in personal chats, teams and group chats, with the commands Countersign answers', () => {
    const bot = manifest.bots[0];
    assert.deepEqual(bot?.scopes, ['personal', 'team', 'groupChat']);
    const list = bot?.commandLists[0];
    assert.deepEqual(list?.scopes, ['personal', 'team', 'groupChat']);
    const commands = list?.commands ?? [];
    assert.ok(commands.length <= 10);
    for (const c of commands) {
      assert.ok(c.title.length <= 32 && c.description.length <= 128, c.title);
      const word = c.title.slice(TEAMS_SPELLING.prefix.length + 1);
      assert.ok(c.title.startsWith(TEAMS_SPELLING.prefix), c.title);
      assert.ok(word === '' || word in EXAMPLES, `${word} is a command word`);
      assert.ok(
        !(ACTION_VERBS as readonly string[]).includes(word),
        'actions are typed after k8s-request, not listed one by one',
      );
    }
  });

  void test('icons are valid PNGs: a 192×192 colour icon and a 32×32 white-on-transparent outline', () => {
    const color = readPng(manifest.icons.color);
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = readPng(manifest.icons.outline);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) transparent++;
      else assert.deepEqual([r, g, b], [255, 255, 255], 'outline pixels are white');
    }
    assert.ok(transparent > 0 && transparent < 32 * 32);
  });
});
