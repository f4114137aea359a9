import { readCommonFlags, readNamespace } from './common-flags.ts';
import { parseDuration } from './duration.ts';
import { ACCESS_EXAMPLES, asTyped, exampleFor } from './examples.ts';
import { COMMON_FLAGS, scanFlags, unexpectedArgument, type FlagName } from './flags.ts';
import { findKind } from './kinds.ts';
import { readAccessRules } from './read-access-rules.ts';
import type { AccessGrant, AccessRequest } from './request-types.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import type { Token } from './tokenize.ts';
import { roleNameProblem } from './validate-names.ts';

type RoleWord = 'role' | 'clusterrole';

/** Splits `role/NAME`, `clusterrole/NAME`, `role NAME` or `clusterrole NAME`; undefined for other shapes. */
function roleForm(
  first: Token,
  second: Token | undefined,
): { word: RoleWord; name: string; used: number } | undefined {
  const lowered = first.value.toLowerCase();
  for (const word of ['role', 'clusterrole'] as const) {
    if (lowered.startsWith(`${word}/`)) return { word, name: first.value.slice(word.length + 1), used: 1 };
    if (lowered === word) return { word, name: second?.value ?? '', used: second === undefined ? 1 : 2 };
  }
  return undefined;
}

function readRoleGrant(
  form: { word: RoleWord; name: string },
  flags: ReadonlyMap<FlagName, string>,
): { grant: AccessGrant; namespace?: string } {
  const example = asTyped(form.word === 'role' ? ACCESS_EXAMPLES.role : ACCESS_EXAMPLES.clusterrole);
  if (form.name === '') {
    throw new InvalidRequestError(
      'missing_name',
      `access ${form.word} needs the ${form.word}'s name: ${form.word}/NAME.`,
      example,
    );
  }
  const problem = roleNameProblem(form.name);
  if (problem)
    throw new InvalidRequestError(
      'invalid_name',
      `The ${form.word} name ${showToken(form.name)} ${problem}.`,
      example,
    );
  if (form.word === 'role') {
    const namespace = readNamespace(flags, `A grant of role/${form.name}`, example);
    return { grant: { kind: 'role', role: form.name, scope: 'namespace' }, namespace };
  }
  const namespace = flags.get('namespace');
  if (namespace !== undefined) {
    throw new InvalidRequestError(
      'namespace_not_allowed',
      `clusterrole/${form.name} is granted across the whole cluster: remove -n ${showToken(namespace)}, or ask for role/${form.name} -n ${namespace} to get it in one namespace.`,
      example,
    );
  }
  return { grant: { kind: 'role', role: form.name, scope: 'cluster' } };
}

/**
 * Reads an access request from the words after `access`: `role/NAME -n NS`,
 * `clusterrole/NAME` (cluster-wide, no `-n`), or `VERBS RESOURCES -n NS`; `--for` is
 * required and at most 30 days. `reasonRequired` is false only for `explain`.
 */
export function readAccess(words: readonly Token[], reasonRequired: boolean): AccessRequest {
  const example = exampleFor('access');
  const scanned = scanFlags(words, [...COMMON_FLAGS, 'namespace', 'for'], {
    command: 'access',
    example,
  });
  const { positionals, flags } = scanned;
  const [first, second, third] = positionals;
  if (first === undefined) {
    throw new InvalidRequestError(
      'missing_target',
      'access needs what to grant: role/NAME, clusterrole/NAME, or VERBS RESOURCES such as get,list pods.',
      example,
    );
  }
  const form = roleForm(first, second);
  let granted: { grant: AccessGrant; namespace?: string };
  let extra: Token | undefined;
  if (form !== undefined) {
    granted = readRoleGrant(form, flags);
    extra = positionals[form.used];
  } else {
    const rulesExample = asTyped(ACCESS_EXAMPLES.rules);
    if (second === undefined) {
      const resourceLike =
        first.value.includes('/') || findKind(first.value.split(',')[0] ?? '') !== undefined;
      throw resourceLike
        ? new InvalidRequestError(
            'missing_verbs',
            `access needs verbs before ${showToken(first.value)}, e.g. get,list.`,
            rulesExample,
          )
        : new InvalidRequestError(
            'missing_resources',
            `access ${showToken(first.value)} needs resources after the verbs, e.g. pods.`,
            rulesExample,
          );
    }
    const rules = readAccessRules(first.value, second.value, rulesExample);
    granted = {
      grant: { kind: 'rules', rules },
      namespace: readNamespace(flags, 'A grant of verbs on resources', rulesExample),
    };
    extra = third;
  }
  if (extra !== undefined) throw unexpectedArgument(extra, scanned, 'in access', example);
  const duration = flags.get('for');
  if (duration === undefined) {
    throw new InvalidRequestError(
      'missing_duration',
      'access needs --for with how long, e.g. --for 30m or --for 4h.',
      example,
    );
  }
  const durationSeconds = parseDuration(duration, example);
  return {
    type: 'access',
    grant: granted.grant,
    ...(granted.namespace !== undefined && { namespace: granted.namespace }),
    durationSeconds,
    ...readCommonFlags(flags, { example, reasonRequired }),
  };
}
