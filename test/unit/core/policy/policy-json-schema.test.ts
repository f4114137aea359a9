import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { POLICY_JSON_SCHEMA_PATH, policyJsonSchema } from '../../../../src/core/policy/policy-json-schema.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const POLICY_FILES = ['examples/policy.yaml', 'examples/sandbox-policy.yaml'];

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
}

/** Names every key the schema does not allow and every required key that is missing (objects and arrays only). */
function structuralProblems(schema: JsonSchema, value: unknown, path: string): string[] {
  if (schema.anyOf) {
    const each = schema.anyOf.map((option) => structuralProblems(option, value, path));
    return each.some((problems) => problems.length === 0) ? [] : (each[0] ?? []);
  }
  if (schema.const !== undefined && value !== schema.const)
    return [`${path}: expected ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${path}: ${String(value)} is not one of ${schema.enum.join(', ')}`];
  if (Array.isArray(value) && schema.items)
    return value.flatMap((item, i) => structuralProblems(schema.items ?? {}, item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object' || Array.isArray(value) || schema.type !== 'object')
    return [];
  const record = value as Record<string, unknown>;
  const problems = (schema.required ?? [])
    .filter((key) => !(key in record))
    .map((key) => `${path}.${key}: required`);
  for (const [key, child] of Object.entries(record)) {
    const known = schema.properties?.[key];
    if (known) problems.push(...structuralProblems(known, child, `${path}.${key}`));
    else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not allowed`);
    else if (typeof schema.additionalProperties === 'object')
      problems.push(...structuralProblems(schema.additionalProperties, child, `${path}.${key}`));
  }
  return problems;
}

describe('the ApprovalPolicy JSON Schema', () => {
  const committed = JSON.parse(readFileSync(join(ROOT, POLICY_JSON_SCHEMA_PATH), 'utf8')) as JsonSchema;

  test('the committed file is what the zod schema generates', () => {
    assert.deepEqual(
      committed,
      policyJsonSchema(),
      `${POLICY_JSON_SCHEMA_PATH} is stale: run npm run schema`,
    );
  });

  test('is strict where the loader is: unknown fields and a missing spec are named', () => {
    assert.deepEqual(
      structuralProblems(
        committed,
        { apiVersion: 'countersign.io/v1alpha1', kind: 'ApprovalPolicy', metadata: { name: 'x' } },
        '$',
      ),
      ['$.spec: required'],
    );
    const typo = {
      apiVersion: 'countersign.io/v1alpha1',
      kind: 'ApprovalPolicy',
      metadata: { name: 'x' },
      spec: { rules: [{ name: 'a', match: { namespace: ['prod'] }, outcome: 'deny', reason: 'r' }] },
    };
    assert.deepEqual(structuralProblems(committed, typo, '$'), [
      '$.spec.rules[0].match.namespace: not allowed',
    ]);
  });

  for (const file of POLICY_FILES) {
    test(`${file} names the schema for editors and fits it`, () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      assert.ok(modeline, `${file} starts with # yaml-language-server: $schema=…`);
      assert.equal(resolve(ROOT, dirname(file), modeline[1] ?? ''), join(ROOT, POLICY_JSON_SCHEMA_PATH));
      assert.deepEqual(structuralProblems(committed, parse(text) as unknown, '$'), []);
    });
  }
});
