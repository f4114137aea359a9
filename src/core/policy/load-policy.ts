import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PolicyInvalidError } from '../errors.ts';
import { compilePolicy } from './compile-policy.ts';
import { formatIssuePath } from './issue-path.ts';
import type { Policy } from './policy.ts';
import { checkPolicyReferences } from './policy-references.ts';
import { policySchema } from './policy-schema.ts';
import { lineOfPath } from './yaml-line.ts';

interface LocatedIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function fromZod(issues: readonly z.core.$ZodIssue[]): LocatedIssue[] {
  return issues.flatMap((issue): LocatedIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown field "${key}"` }))
      : [{ path: issue.path, message: issue.message }],
  );
}

function yamlIssues(document: Document, lineCounter: LineCounter): { path: string; message: string }[] {
  return document.errors.map((error) => {
    const line = lineCounter.linePos(error.pos[0]).line;
    const firstLine = error.message.split('\n')[0] ?? error.message;
    return { path: '(document)', message: `${firstLine} (line ${line})` };
  });
}

/**
 * Parses and validates an ApprovalPolicy YAML document and compiles it for fast
 * evaluation. Every problem is collected, not only the first: a `PolicyInvalidError`
 * carries one issue per bad field, its path written like `spec.rules[2].match.namespaces[0]`
 * and its message ending with the YAML line. `source` (a file path) is kept for messages.
 */
export function loadPolicy(yamlText: string, source = '(inline policy)'): Policy {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) throw new PolicyInvalidError(yamlIssues(document, lineCounter));
  const raw: unknown = document.toJS({ maxAliasCount: 100 });
  const parsed = policySchema.safeParse(raw);
  const located = [...(parsed.success ? [] : fromZod(parsed.error.issues)), ...checkPolicyReferences(raw)];
  if (!parsed.success || located.length > 0) {
    const issues = located
      .map((issue) => ({ ...issue, line: lineOfPath(document, lineCounter, issue.path) }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      .map(({ path, message, line }) => ({
        path: formatIssuePath(path),
        message: line === undefined ? message : `${message} (line ${line})`,
      }));
    throw new PolicyInvalidError(issues);
  }
  return compilePolicy(parsed.data, source);
}
