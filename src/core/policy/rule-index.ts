import { KINDS } from '../requests/kinds.ts';
import { POLICY_VERBS } from '../requests/request-types.ts';
import { isLiteralGlob } from './match-glob.ts';
import type { MatchSubject } from './match-types.ts';
import type { MatchDocument } from './policy-schema.ts';

/** Bucket of a subject with no kind (a role grant or an unknown resource). */
const NO_KIND = '';
const EMPTY: readonly number[] = [];
/** Characters a glob reads literally wherever they stand; a fixed prefix is a leading run of them. */
const LITERAL_CHARACTER = /^[A-Za-z0-9_-]+/;

/** What the index reads of a compiled rule: its position and the dimensions it narrows by. */
export interface IndexableRule {
  readonly index: number;
  readonly matchSpec: Pick<MatchDocument, 'verbs' | 'kinds' | 'namespaces'>;
}

/** Narrows a policy's rules to those that may match one subject. */
export interface RuleIndex {
  /** Positions of the rules that may match `subject`, ascending (policy order), each once. */
  candidates(subject: MatchSubject): readonly number[];
}

/** Rules of one (verb, kind), split by what their `namespaces` can match. */
interface NamespaceBuckets {
  /** Rules a subject without a namespace may match: those with no `namespaces`. */
  readonly unscoped: number[];
  /** Rules to test whatever the namespace: no `namespaces`, or a glob with no fixed prefix. */
  readonly anyNamespace: number[];
  /**
   * Literal namespace name → rules naming it; once sealed, every candidate for that
   * name (with `anyNamespace` and the prefix rules it matches), so a lookup is one get.
   */
  readonly exact: Map<string, number[]>;
  /** Fixed prefix of a glob (`team-1-` of `team-1-*`) → rules with such a glob. */
  readonly prefixes: Map<string, number[]>;
  /** The distinct lengths of the keys of `prefixes`, so a lookup slices once per length. */
  readonly prefixLengths: number[];
  /**
   * Candidates already worked out for namespaces no rule names literally (at most
   * {@link MAX_REMEMBERED} names, then forgotten at once), so a repeated namespace is one get.
   */
  readonly remembered: Map<string, readonly number[]>;
}

/** How many namespaces without a literal entry a bucket remembers the candidates of. */
const MAX_REMEMBERED = 1024;

/**
 * The literal text every match of `glob` starts with: its leading letters, digits,
 * `-` and `_`, which picomatch reads as themselves. Empty when the glob opens with
 * anything else (`*-prod`, `{a,b}-*`, `./x`), so such a rule is tested for every namespace.
 */
function fixedPrefix(glob: string): string {
  return LITERAL_CHARACTER.exec(glob)?.[0] ?? '';
}

function push(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list) append(list, position);
  else map.set(key, [position]);
}

/** Appends `position` unless it is already last (a rule listing one verb twice). */
function append(list: number[], position: number): void {
  if (list[list.length - 1] !== position) list.push(position);
}

function addRule(buckets: NamespaceBuckets, rule: IndexableRule): void {
  const { namespaces } = rule.matchSpec;
  if (!namespaces) {
    append(buckets.unscoped, rule.index);
    append(buckets.anyNamespace, rule.index);
    return;
  }
  if (namespaces.some((glob) => !isLiteralGlob(glob) && fixedPrefix(glob) === '')) {
    append(buckets.anyNamespace, rule.index);
    return;
  }
  for (const glob of namespaces) {
    if (isLiteralGlob(glob)) {
      push(buckets.exact, glob, rule.index);
      continue;
    }
    const prefix = fixedPrefix(glob);
    push(buckets.prefixes, prefix, rule.index);
    if (!buckets.prefixLengths.includes(prefix.length)) buckets.prefixLengths.push(prefix.length);
  }
}

/** Merges two ascending lists into one ascending list without repeats. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (merged[merged.length - 1] !== next) merged.push(next);
  }
  return merged;
}

/** Candidates for a namespace: `anyNamespace` and every prefix list whose prefix it starts with. */
function prefixCandidates(buckets: NamespaceBuckets, namespace: string): readonly number[] {
  let result: readonly number[] = buckets.anyNamespace;
  for (const length of buckets.prefixLengths) {
    if (length > namespace.length) continue;
    const list = buckets.prefixes.get(namespace.slice(0, length));
    if (list) result = result.length === 0 ? list : mergeAscending(result, list);
  }
  return result;
}

/** {@link prefixCandidates} of a namespace no rule names literally, worked out once per name. */
function rememberedCandidates(buckets: NamespaceBuckets, namespace: string): readonly number[] {
  let list = buckets.remembered.get(namespace);
  if (list === undefined) {
    if (buckets.remembered.size >= MAX_REMEMBERED) buckets.remembered.clear();
    list = prefixCandidates(buckets, namespace);
    buckets.remembered.set(namespace, list);
  }
  return list;
}

/** Folds the namespace-independent and prefix candidates into each exact name's list. */
function seal(buckets: NamespaceBuckets): void {
  for (const [name, list] of buckets.exact) {
    buckets.exact.set(name, mergeAscending(list, prefixCandidates(buckets, name)));
  }
}

function newBuckets(): NamespaceBuckets {
  return {
    unscoped: [],
    anyNamespace: [],
    exact: new Map(),
    prefixes: new Map(),
    prefixLengths: [],
    remembered: new Map(),
  };
}

/**
 * Groups rules once at load by the verb and kind they can match, and within that by
 * namespace: exact names in a map, globs by their fixed prefix, so evaluation tests
 * only rules that may match a subject however many rules name other namespaces. A
 * rule without `verbs` or `kinds` lands in every bucket of that dimension, a rule
 * with `kinds` never in the no-kind bucket, a rule with `namespaces` never for a
 * subject without one. Narrowing only: each candidate's matcher still checks every
 * dimension, so the decision is the one testing every rule would give.
 */
export function indexRules(rules: readonly IndexableRule[]): RuleIndex {
  const byVerb = new Map<string, Map<string, NamespaceBuckets>>();
  const kinds = [...KINDS.map((k) => k.kind), NO_KIND];
  for (const verb of POLICY_VERBS) {
    byVerb.set(verb, new Map(kinds.map((kind) => [kind, newBuckets()])));
  }
  for (const rule of rules) {
    const { verbs, kinds: ruleKinds } = rule.matchSpec;
    for (const verb of verbs ?? POLICY_VERBS) {
      const byKind = byVerb.get(verb);
      for (const kind of ruleKinds ?? kinds) {
        const buckets = byKind?.get(kind);
        if (buckets) addRule(buckets, rule);
      }
    }
  }
  for (const byKind of byVerb.values()) for (const buckets of byKind.values()) seal(buckets);
  return {
    candidates(subject) {
      const buckets = byVerb.get(subject.verb)?.get(subject.kind ?? NO_KIND);
      if (!buckets) return EMPTY;
      const { namespace } = subject;
      if (namespace === undefined) return buckets.unscoped;
      return buckets.exact.get(namespace) ?? rememberedCandidates(buckets, namespace);
    },
  };
}
