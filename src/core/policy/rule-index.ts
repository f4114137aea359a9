import { KINDS } from '../requests/kinds.ts';
import { ACTION_VERBS, type PolicyVerb } from '../requests/request-types.ts';
import type { MatchSubject } from './match-types.ts';
import type { PolicyRule } from './policy.ts';

const POLICY_VERBS: readonly PolicyVerb[] = [...ACTION_VERBS, 'access'];
/** Bucket of a subject with no kind (a role grant or an unknown resource). */
const NO_KIND = '';
const EMPTY: readonly number[] = [];

/** Rule positions grouped by the verb and kind they can match, each list in policy order. */
export type RuleIndex = ReadonlyMap<string, readonly number[]>;

const keyOf = (verb: string, kind: string): string => `${verb}\u0000${kind}`;

/**
 * Groups rules by (verb, kind) once at load, so evaluation tests only the rules that
 * can match a subject: a rule without `verbs` or `kinds` lands in every bucket of that
 * dimension, a rule with `kinds` never in the no-kind bucket.
 */
export function indexRules(rules: readonly PolicyRule[]): RuleIndex {
  const index = new Map<string, number[]>();
  const kinds = [...KINDS.map((k) => k.kind), NO_KIND];
  for (const verb of POLICY_VERBS) for (const kind of kinds) index.set(keyOf(verb, kind), []);
  for (const rule of rules) {
    const { verbs, kinds: ruleKinds } = rule.matchSpec;
    for (const verb of verbs ?? POLICY_VERBS) {
      for (const kind of ruleKinds ?? kinds) index.get(keyOf(verb, kind))?.push(rule.index);
    }
  }
  return index;
}

/** The positions of the rules that may match `subject`, in policy order. */
export function candidateRules(index: RuleIndex, subject: MatchSubject): readonly number[] {
  return index.get(keyOf(subject.verb, subject.kind ?? NO_KIND)) ?? EMPTY;
}
