import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { SECRET_SETTINGS, SETTING_NAMES } from '../../../src/config/settings.ts';
import { noFiles } from './fixtures.ts';

const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
const lines = text.split('\n');
const assignments = lines.flatMap((line) => {
  const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  return match?.[1] ? [{ name: match[1], value: match[2] ?? '' }] : [];
});

void describe('.env.example', () => {
  void test('lists exactly the settings of the schema, in the same order', () => {
    assert.deepEqual(
      assignments.map((a) => a.name),
      SETTING_NAMES,
    );
  });

  void test('puts a one-line comment above every setting', () => {
    for (const { name } of assignments) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      assert.match(lines[index - 1] ?? '', /^# \S/, `${name} has no comment above it`);
    }
  });

  void test('mentions the _FILE variant of every secret, and only of secrets', () => {
    const mentioned = new Set(text.match(/[A-Z][A-Z0-9_]*_FILE\b/g) ?? []);
    mentioned.delete('COUNTERSIGN_POLICY_FILE');
    mentioned.delete('COUNTERSIGN_IDENTITY_TABLE_FILE');
    assert.deepEqual([...mentioned].sort(), ['X_FILE', ...SECRET_SETTINGS.map((s) => `${s}_FILE`)].sort());
  });

  void test('loads as-is, and the defaults it shows are the schema defaults', () => {
    const env = Object.fromEntries(assignments.map((a) => [a.name, a.value]));
    assert.deepEqual(loadConfig(env, noFiles), loadConfig({}, noFiles));
    assert.ok(
      assignments.filter((a) => a.value !== '').length >= 10,
      'defaults should be shown, not left blank',
    );
  });
});
