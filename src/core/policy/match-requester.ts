import { compileGlobs } from './match-glob.ts';
import type { MatchContext } from './match-types.ts';
import { onCallKey, onCallTarget, type OnCallDocument } from './on-call-target.ts';

/** A rule's `requesters` dimension: user globs, group globs, on-call schedules. */
export interface RequestersSpec {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  readonly onCall?: OnCallDocument;
  readonly notOnCall?: OnCallDocument;
}

/**
 * Compiles `requesters` into a test that holds when the requester's Kubernetes
 * username matches a user glob, any of their groups matches a group glob, or they
 * were found on call for the `onCall` schedule when the request was filed (any one is
 * enough; none of the three set means anyone), and, where `notOnCall` is set, they
 * were not found on call for that schedule. Whether someone is on call is a fact of
 * the context; a schedule that could not be checked counts as "not on call" (fail
 * closed: an `onCall` rule does not match, a `notOnCall` rule does).
 */
export function compileRequesters(spec: RequestersSpec): (context: MatchContext) => boolean {
  const user = spec.users ? compileGlobs(spec.users) : () => false;
  const group = spec.groups ? compileGlobs(spec.groups) : () => false;
  const onCall = spec.onCall ? onCallKey(onCallTarget(spec.onCall)) : undefined;
  const notOnCall = spec.notOnCall ? onCallKey(onCallTarget(spec.notOnCall)) : undefined;
  const anyone = !spec.users && !spec.groups && !spec.onCall;
  const who = (context: MatchContext): boolean => {
    if (anyone || user(context.username)) return true;
    for (const name of context.groups) if (group(name)) return true;
    return onCall !== undefined && context.onCall.has(onCall);
  };
  return (context) => who(context) && (notOnCall === undefined || !context.onCall.has(notOnCall));
}
