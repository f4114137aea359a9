import { compileGlobs, type GlobTest } from './match-glob.ts';

/** Operators of a selector expression, as in Kubernetes `matchExpressions`. */
export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

/** One `{key, operator, values}` requirement on a label or annotation. */
export interface SelectorExpression {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** Globs; required for In and NotIn, absent for Exists and DoesNotExist. */
  readonly values?: readonly string[];
}

/** Tests a target's labels (or annotations). */
export type SelectorTest = (values: Readonly<Record<string, string>>) => boolean;

function compileExpression(expression: SelectorExpression): SelectorTest {
  const { key } = expression;
  const has = (map: Readonly<Record<string, string>>): boolean => Object.hasOwn(map, key);
  const test: GlobTest = compileGlobs(expression.values ?? []);
  switch (expression.operator) {
    case 'In':
      return (map) => has(map) && test(map[key]!);
    case 'NotIn':
      return (map) => !has(map) || !test(map[key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return (map) => !has(map);
  }
}

/**
 * Compiles `key: glob` pairs and selector expressions into one test that holds when
 * every pair and every expression holds (Kubernetes semantics: NotIn and DoesNotExist
 * hold for a missing key). A target whose labels are unknown is tested as having none.
 */
export function compileSelector(
  pairs: Readonly<Record<string, string>> | undefined,
  expressions: readonly SelectorExpression[] | undefined,
): SelectorTest {
  const tests: SelectorTest[] = [
    ...Object.entries(pairs ?? {}).map(([key, value]) =>
      compileExpression({ key, operator: 'In', values: [value] }),
    ),
    ...(expressions ?? []).map(compileExpression),
  ];
  return (map) => {
    for (const test of tests) if (!test(map)) return false;
    return true;
  };
}
