import { formatDuration } from '../requests/duration.ts';
import type { AccessRequest } from '../requests/request-types.ts';

/** What an access request will grant, in one line a card can show (e.g. `bind ClusterRole view in prod-payments for 4h`). */
export function describeAccess(request: AccessRequest, requester: string): string {
  const where = request.namespace ? `in ${request.namespace}` : 'cluster-wide';
  const length = formatDuration(request.durationSeconds);
  if (request.grant.kind === 'role') {
    return `grant role ${request.grant.role} ${where} to ${requester} for ${length}`;
  }
  const rules = request.grant.rules.map((rule) => {
    const names = rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
    return `${rule.verbs.join(',')} ${rule.resources.join(',')}${names}`;
  });
  return `grant ${rules.join('; ')} ${where} to ${requester} for ${length}`;
}
