import fc from 'fast-check';
import { GRANTABLE_SUBRESOURCES, KINDS, type KindInfo } from '../../../../src/core/requests/kinds.ts';
import {
  ACCESS_VERBS,
  type AccessRule,
  type AccessVerb,
  type Command,
} from '../../../../src/core/requests/request-types.ts';
import {
  anyCase,
  assemble,
  common,
  duration,
  flag,
  label,
  nameFor,
  namespaceFlag,
  type Case,
} from './typed-text-arbitraries.ts';

interface ResourceItem {
  text: string;
  kind: KindInfo;
  resource: string;
  name?: string;
}

const namespacedKinds = KINDS.filter((k) => k.namespaced);
const resourceItem = (namedAllowed: boolean): fc.Arbitrary<ResourceItem> =>
  fc.constantFrom(...namespacedKinds).chain((kind) => {
    const alias = fc.constantFrom(...kind.aliases).chain(anyCase);
    const subs = GRANTABLE_SUBRESOURCES[kind.resource] ?? [];
    const forms: fc.Arbitrary<ResourceItem>[] = [
      alias.map((a) => ({ text: a, kind, resource: kind.resource })),
    ];
    if (subs.length > 0) {
      forms.push(
        fc
          .tuple(alias, fc.constantFrom(...subs))
          .map(([a, s]) => ({ text: `${a}/${s}`, kind, resource: `${kind.resource}/${s}` })),
      );
    }
    if (namedAllowed) {
      forms.push(
        fc
          .tuple(
            alias,
            nameFor(kind).filter((n) => !subs.includes(n)),
          )
          .map(([a, name]) => ({ text: `${a}/${name}`, kind, resource: kind.resource, name })),
      );
    }
    return fc.oneof(...forms);
  });

/** The documented grouping: unnamed resources share a rule per API group; named ones get a rule per resource. */
function expectedRules(verbs: AccessVerb[], items: ResourceItem[]): AccessRule[] {
  const groups = new Map<string, { apiGroup: string; resources: string[]; resourceNames: string[] }>();
  for (const item of items) {
    const key =
      item.name === undefined ? `all:${item.kind.group}` : `named:${item.kind.group}:${item.resource}`;
    const group = groups.get(key) ?? { apiGroup: item.kind.group, resources: [], resourceNames: [] };
    groups.set(key, group);
    if (!group.resources.includes(item.resource)) group.resources.push(item.resource);
    if (item.name !== undefined && !group.resourceNames.includes(item.name))
      group.resourceNames.push(item.name);
  }
  const ordered = ACCESS_VERBS.filter((v) => verbs.includes(v));
  return [...groups.values()].map((g) => ({ verbs: ordered, ...g }));
}

type Grant = { positional: string; namespaced: boolean; grant: object };

const grantArb: fc.Arbitrary<Grant> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('role', 'clusterrole'),
      fc.stringMatching(/^[a-z0-9]([a-z0-9:.-]{0,12}[a-z0-9])?$/),
      fc.boolean(),
    )
    .chain(([word, role, twoWords]) =>
      anyCase(word).map((w) => ({
        positional: twoWords ? `${w} ${role}` : `${w}/${role}`,
        namespaced: word === 'role',
        grant: { kind: 'role', role, scope: word === 'role' ? 'namespace' : 'cluster' },
      })),
    ),
  fc.array(fc.constantFrom(...ACCESS_VERBS), { minLength: 1, maxLength: 5 }).chain((verbs) => {
    const namedAllowed = !verbs.some((v) => v === 'create' || v === 'deletecollection');
    return fc
      .tuple(
        fc.constant(verbs),
        fc.array(resourceItem(namedAllowed), { minLength: 1, maxLength: 5 }),
        anyCase(verbs.join(',')),
      )
      .map(([vs, items, verbText]) => ({
        positional: `${verbText} ${items.map((i) => i.text).join(',')}`,
        namespaced: true,
        grant: { kind: 'rules', rules: expectedRules(vs, items) },
      }));
  }),
);

/** A valid access request, typed in any accepted way, with the AccessRequest it must parse to. */
export const accessCase = (reasonRequired: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      grant: grantArb,
      namespace: label,
      duration,
      common: common(reasonRequired),
      word: anyCase('access'),
    })
    .chain((c) =>
      fc.tuple(namespaceFlag(c.namespace), flag(['--for', '--FOR'], c.duration.text)).chain(([ns, forFlag]) =>
        assemble(c.word, [
          c.grant.positional,
          ...(c.grant.namespaced ? [ns] : []),
          forFlag,
          ...c.common.parts,
        ]).map((text) => ({
          text,
          expected: {
            type: 'access',
            grant: c.grant.grant,
            ...(c.grant.namespaced && { namespace: c.namespace }),
            durationSeconds: c.duration.seconds,
            ...c.common.fields,
          } as Command,
        })),
      ),
    );
