import type { ExecuteAs } from '../policy/decision.ts';
import type { Principal } from '../ports/identity.ts';
import type { ExecuteIdentity } from '../ports/cluster.ts';

/** The credentials policy chose: the requester's, impersonated so RBAC still applies, or Countersign's own. */
export function executeIdentity(executeAs: ExecuteAs, requester: Principal): ExecuteIdentity {
  return executeAs === 'requester'
    ? { kind: 'requester', username: requester.username, groups: [...requester.groups] }
    : { kind: 'countersign' };
}
