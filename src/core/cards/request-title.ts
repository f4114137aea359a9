import type { ApiRequest, ChangeRequest } from '../requests/request-types.ts';

/** One line naming what a request does, e.g. `scale deployment/api in prod-payments` or `access role/view in prod-payments`. */
export function requestTitle(request: ChangeRequest): string {
  if (request.type === 'action') {
    const { target } = request;
    const where = target.namespace ? ` in ${target.namespace}` : '';
    return `${request.verb} ${target.kind.kind.toLowerCase()}/${target.name}${where}`;
  }
  if (request.type === 'api') return `kubectl ${apiTitle(request)}`;
  const where = request.namespace ? ` in ${request.namespace}` : ' cluster-wide';
  if (request.grant.kind === 'role') {
    const prefix = request.grant.scope === 'cluster' ? 'clusterrole' : 'role';
    return `access ${prefix}/${request.grant.role}${where}`;
  }
  const what = request.grant.rules
    .map((rule) => {
      const names = rule.resourceNames.length > 0 ? `/${rule.resourceNames.join(',')}` : '';
      return `${rule.verbs.join(',')} ${rule.resources.join(',')}${names}`;
    })
    .join('; ');
  return `access ${what}${where}`;
}

/** `delete pod/web in prod`, `get secrets/db-creds in prod`, `exec pods/web in prod`. */
function apiTitle(request: ApiRequest): string {
  const { resource } = request;
  const what = request.kind ? request.kind.kind.toLowerCase() : resource.resource;
  const sub = resource.subresource ? ` (${resource.subresource})` : '';
  const name = request.name ? `${what}/${request.name}` : resource.resource;
  const where = request.namespace ? ` in ${request.namespace}` : '';
  return `${request.verb} ${name}${sub}${where}`;
}
