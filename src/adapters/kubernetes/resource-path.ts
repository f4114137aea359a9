import type { KindInfo } from '../../core/requests/kinds.ts';

/**
 * The REST path of a kind's collection or of one object (and optionally its
 * subresource), e.g. `/apis/apps/v1/namespaces/prod/deployments/api/scale`. Built
 * from Countersign's kind table, so no discovery call is needed.
 */
export function resourcePath(
  kind: KindInfo,
  at: { name?: string; namespace?: string; subresource?: string } = {},
): string {
  const parts = [kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`];
  if (kind.namespaced && at.namespace) parts.push('namespaces', encodeURIComponent(at.namespace));
  parts.push(kind.resource);
  if (at.name !== undefined) parts.push(encodeURIComponent(at.name));
  if (at.subresource !== undefined) parts.push(at.subresource);
  return parts.join('/');
}
