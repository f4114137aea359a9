import { compileGlobs } from './match-glob.ts';
import type { MatchContext } from './match-types.ts';

/** A rule's `requesters` dimension: user globs, group globs, or both. */
export interface RequestersSpec {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
}

/**
 * Compiles `requesters` into a test that holds when the requester's Kubernetes
 * username matches a user glob or any of their groups matches a group glob.
 */
export function compileRequesters(spec: RequestersSpec): (context: MatchContext) => boolean {
  const user = spec.users ? compileGlobs(spec.users) : () => false;
  const group = spec.groups ? compileGlobs(spec.groups) : () => false;
  return ({ username, groups }) => {
    if (user(username)) return true;
    for (const name of groups) if (group(name)) return true;
    return false;
  };
}
