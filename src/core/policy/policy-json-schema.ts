import { z } from 'zod';
import { policySchema } from './policy-schema.ts';

/** Where the generated schema is committed, relative to the repository root. */
export const POLICY_JSON_SCHEMA_PATH = 'schema/approval-policy.schema.json';

/**
 * The JSON Schema of an ApprovalPolicy document, generated from the zod schema the loader
 * validates with (`policySchema`), as draft-07 (what editors' YAML plugins read) for
 * `# yaml-language-server: $schema=…` lines.
 * Checks zod cannot express in JSON Schema (globs, durations, kinds, time zones,
 * cross-references) are left to `countersign policy lint`.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  return {
    ...generated,
    title: 'Countersign ApprovalPolicy',
    description:
      'An ApprovalPolicy decides, for every request, whether it is denied, runs at once or waits for approvers. ' +
      'Generated from the schema Countersign validates with; `countersign policy lint` also checks globs, ' +
      'durations, kinds, time zones and references.',
  };
}
