// `npm run schema`: writes the ApprovalPolicy JSON Schema (generated from the zod schema
// the loader validates with) to schema/approval-policy.schema.json. A test fails when
// the committed file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POLICY_JSON_SCHEMA_PATH, policyJsonSchema } from '../src/core/policy/policy-json-schema.ts';

const target = fileURLToPath(new URL(`../${POLICY_JSON_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
process.stderr.write(`schema: wrote ${POLICY_JSON_SCHEMA_PATH}\n`);
