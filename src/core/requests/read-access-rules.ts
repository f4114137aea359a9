import { GRANTABLE_SUBRESOURCES, KINDS, findKind } from './kinds.ts';
import { ACCESS_VERBS, type AccessRule, type AccessVerb } from './request-types.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import { didYouMean } from './suggest.ts';
import { objectNameProblem } from './validate-names.ts';

const FORBIDDEN_VERBS: Readonly<Record<string, string>> = {
  '*': "Countersign never grants '*': list the verbs you need, e.g. get,list.",
  escalate: "Countersign never grants 'escalate': it would let the holder raise their own permissions.",
  bind: "Countersign never grants 'bind': it would let the holder grant roles to anyone, themselves included.",
  impersonate: "Countersign never grants 'impersonate': it would let the holder act as someone else.",
};

/** RBAC cannot limit these verbs by object name, so a named object would grant nothing. */
const UNNAMEABLE_VERBS: ReadonlySet<AccessVerb> = new Set(['create', 'deletecollection']);
const RESOURCE_SPELLINGS = KINDS.filter((k) => k.namespaced).flatMap((k) => k.aliases);

function readVerbs(
  text: string,
  fail: (code: 'unknown_access_verb' | 'forbidden_verb', m: string) => never,
): AccessVerb[] {
  const wanted = new Set<AccessVerb>();
  for (const item of text.toLowerCase().split(',')) {
    const forbidden = FORBIDDEN_VERBS[item];
    if (forbidden !== undefined) fail('forbidden_verb', forbidden);
    const verb = ACCESS_VERBS.find((v) => v === item);
    if (verb === undefined) {
      const shown = item === '' ? `an empty verb in ${showToken(text)}` : `the verb ${showToken(item)}`;
      fail(
        'unknown_access_verb',
        `access cannot grant ${shown}.${didYouMean(item, ACCESS_VERBS)} Verbs: ${ACCESS_VERBS.join(', ')}.`,
      );
    } else {
      wanted.add(verb);
    }
  }
  return ACCESS_VERBS.filter((v) => wanted.has(v));
}

interface Group {
  apiGroup: string;
  resources: string[];
  resourceNames: string[];
}

/**
 * Turns `VERBS RESOURCES` of a narrow access request into RBAC rules. VERBS is a
 * comma list of {@link ACCESS_VERBS}; RESOURCES a comma list of kinds (any alias or
 * plural), `RESOURCE/SUBRESOURCE` for grantable subresources (`pods/log`), or
 * `KIND/NAME` for one object (`secret/db-creds`). Unnamed resources share one rule
 * per API group; named ones get one rule per resource so names never spill over.
 */
export function readAccessRules(verbsText: string, resourcesText: string, example: string): AccessRule[] {
  const fail = (code: ConstructorParameters<typeof InvalidRequestError>[0], message: string): never => {
    throw new InvalidRequestError(code, message, example);
  };
  const verbs = readVerbs(verbsText, fail);
  const groups = new Map<string, Group>();
  const add = (key: string, apiGroup: string, resource: string, name?: string): void => {
    const group = groups.get(key) ?? { apiGroup, resources: [], resourceNames: [] };
    groups.set(key, group);
    if (!group.resources.includes(resource)) group.resources.push(resource);
    if (name !== undefined && !group.resourceNames.includes(name)) group.resourceNames.push(name);
  };
  for (const item of resourcesText.split(',')) {
    const [kindText = '', detail, ...rest] = item.split('/');
    if (item === '' || kindText === '')
      fail('unknown_resource', `There is an empty resource in ${showToken(resourcesText)}.`);
    if (kindText === '*')
      fail('unknown_resource', "Countersign never grants '*' resources: name the resources you need.");
    if (rest.length > 0) {
      fail(
        'invalid_access_rule',
        `${showToken(item)} has too many '/': write RESOURCE, RESOURCE/SUBRESOURCE or KIND/NAME.`,
      );
    }
    const kind = findKind(kindText);
    if (kind === undefined) {
      return fail(
        'unknown_resource',
        `Unknown resource ${showToken(kindText)}.${didYouMean(kindText, RESOURCE_SPELLINGS)}`,
      );
    }
    if (!kind.namespaced) {
      fail(
        'cluster_scoped_resource',
        `${showToken(kindText)} is cluster-scoped and cannot be granted in a namespace.`,
      );
    }
    if (detail === undefined) {
      add(`all:${kind.group}`, kind.group, kind.resource);
    } else if (GRANTABLE_SUBRESOURCES[kind.resource]?.includes(detail)) {
      add(`all:${kind.group}`, kind.group, `${kind.resource}/${detail}`);
    } else {
      const problem = objectNameProblem(kind, detail);
      if (problem)
        fail('invalid_name', `The ${kind.kind.toLowerCase()} name ${showToken(detail)} ${problem}.`);
      const unnameable = verbs.find((v) => UNNAMEABLE_VERBS.has(v));
      if (unnameable !== undefined) {
        fail(
          'invalid_access_rule',
          `Kubernetes cannot limit ${unnameable} to a named object such as ${showToken(item)}; name the resource alone.`,
        );
      }
      add(`named:${kind.group}:${kind.resource}`, kind.group, kind.resource, detail);
    }
  }
  return [...groups.values()].map((g) => ({
    verbs,
    resources: g.resources,
    apiGroup: g.apiGroup,
    resourceNames: g.resourceNames,
  }));
}
