import { isDeepStrictEqual } from 'node:util';
import { compileGlobs, isLiteralGlob } from './match-glob.ts';
import type { MatchDocument } from './policy-schema.ts';

type Globs = readonly string[] | undefined;
type Pairs = Readonly<Record<string, string>> | undefined;

const subset = (inner: readonly string[] | undefined, outer: readonly string[]): boolean =>
  inner !== undefined && inner.every((item) => outer.includes(item));

function globsCover(outer: readonly string[], inner: Globs): boolean {
  if (!inner) return false;
  const test = compileGlobs(outer);
  return inner.every((glob) => outer.includes(glob) || (isLiteralGlob(glob) && test(glob)));
}

function pairsCover(outer: Readonly<Record<string, string>>, inner: Pairs): boolean {
  return Object.entries(outer).every(([key, value]) => inner?.[key] === value);
}

/**
 * Conservative test that every request `inner` matches is also matched by `outer`:
 * true only when each dimension `outer` constrains is constrained at least as tightly
 * by `inner` (subsets of verbs and kinds, globs `outer` matches, the same selectors,
 * requesters and schedule). False means "not proven", never "disjoint".
 */
export function matchCovers(outer: MatchDocument, inner: MatchDocument): boolean {
  if (outer.verbs && !subset(inner.verbs, outer.verbs)) return false;
  if (outer.kinds && !subset(inner.kinds, outer.kinds)) return false;
  if (outer.clusters && !globsCover(outer.clusters, inner.clusters)) return false;
  if (outer.namespaces && !globsCover(outer.namespaces, inner.namespaces)) return false;
  if (outer.roles && !globsCover(outer.roles, inner.roles)) return false;
  if (outer.accessVerbs && !subset(inner.accessVerbs, outer.accessVerbs)) return false;
  if (outer.resources && !globsCover(outer.resources, inner.resources)) return false;
  if (outer.labels && !pairsCover(outer.labels, inner.labels)) return false;
  if (outer.annotations && !pairsCover(outer.annotations, inner.annotations)) return false;
  if (outer.breakGlass !== undefined && outer.breakGlass !== inner.breakGlass) return false;
  const exact = ['labelExpressions', 'annotationExpressions', 'requesters', 'schedule'] as const;
  return exact.every((key) => outer[key] === undefined || isDeepStrictEqual(outer[key], inner[key]));
}
