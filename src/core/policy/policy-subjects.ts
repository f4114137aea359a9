import { findKind } from '../requests/kinds.ts';
import type { ChangeRequest, PolicyVerb } from '../requests/request-types.ts';
import type { MatchSubject } from './match-types.ts';

const where = (namespace: string | undefined, cluster: string): string =>
  namespace === undefined
    ? `cluster-wide on cluster ${cluster}`
    : `in namespace ${namespace} on cluster ${cluster}`;

/** The subject of an action; `describe` is built only when a denial needs it. */
class ActionSubject implements MatchSubject {
  readonly origin = 'chat' as const;

  constructor(
    readonly verb: PolicyVerb,
    readonly cluster: string,
    readonly kind: string,
    readonly namespace: string | undefined,
    private readonly name: string,
  ) {}

  get describe(): string {
    return `${this.verb} ${this.kind}/${this.name} ${where(this.namespace, this.cluster)}`;
  }
}

function accessSubjects(
  request: Extract<ChangeRequest, { type: 'access' }>,
  cluster: string,
): MatchSubject[] {
  const { grant } = request;
  if (grant.kind === 'role') {
    const namespace = grant.scope === 'namespace' ? request.namespace : undefined;
    return [
      {
        verb: 'access',
        cluster,
        origin: 'chat',
        role: grant.role,
        ...(namespace === undefined ? {} : { namespace }),
        describe: `access to role/${grant.role} ${where(namespace, cluster)}`,
      },
    ];
  }
  const subjects = new Map<string, MatchSubject>();
  for (const rule of grant.rules) {
    for (const resource of rule.resources) {
      const kind = findKind(resource.split('/')[0] ?? resource);
      const namespace = kind?.namespaced === false ? undefined : request.namespace;
      for (const accessVerb of rule.verbs) {
        const key = `${resource}|${accessVerb}`;
        if (subjects.has(key)) continue;
        subjects.set(key, {
          verb: 'access',
          cluster,
          origin: 'chat',
          ...(kind ? { kind: kind.kind } : {}),
          accessVerb,
          resource,
          ...(namespace === undefined ? {} : { namespace }),
          describe: `access to ${accessVerb} ${resource} ${where(namespace, cluster)}`,
        });
      }
    }
  }
  return [...subjects.values()];
}

/**
 * Splits a request into the subjects rules are matched against: one for an action or
 * a role grant, one per distinct (resource, verb) pair for a grant of explicit rules
 * (so each resource, subresource and verb must be allowed on its own: a rule for
 * `get pods` cannot carry `pods/exec` or `delete`). Cluster-scoped targets carry no namespace.
 */
export function subjectsOf(request: ChangeRequest, cluster: string): MatchSubject[] {
  if (request.type === 'access') return accessSubjects(request, cluster);
  if (request.type === 'api') return [apiSubject(request, cluster)];
  const { target } = request;
  const namespace = target.kind.namespaced ? target.namespace : undefined;
  return [new ActionSubject(request.verb, cluster, target.kind.kind, namespace, target.name)];
}

/** A kubectl API request: its verb, kind (when known), resource with subresource, and namespace. */
function apiSubject(request: Extract<ChangeRequest, { type: 'api' }>, cluster: string): MatchSubject {
  const { resource } = request;
  const full = resource.subresource ? `${resource.resource}/${resource.subresource}` : resource.resource;
  const named = request.name ? `${full} ${request.name}` : full;
  return {
    verb: request.verb,
    cluster,
    origin: 'kubectl',
    resource: full,
    ...(request.kind ? { kind: request.kind.kind } : {}),
    ...(request.namespace === undefined ? {} : { namespace: request.namespace }),
    describe: `kubectl ${request.verb} ${named} ${where(request.namespace, cluster)}`,
  };
}
