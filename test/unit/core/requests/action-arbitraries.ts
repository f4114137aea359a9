import fc from 'fast-check';
import { ACTION_KINDS } from '../../../../src/core/requests/action-kinds.ts';
import { findKind, kindInfo, type KindInfo } from '../../../../src/core/requests/kinds.ts';
import { ACTION_VERBS, type ActionVerb, type Command } from '../../../../src/core/requests/request-types.ts';
import {
  anyCase,
  assemble,
  common,
  flag,
  label,
  nameFor,
  namespaceFlag,
  space,
  type Case,
} from './typed-text-arbitraries.ts';

function targetText(verb: ActionVerb, kind: KindInfo, name: string): fc.Arbitrary<string> {
  const forms = [
    fc
      .constantFrom(...kind.aliases)
      .chain(anyCase)
      .map((a) => `${a}/${name}`),
    fc.tuple(fc.constantFrom(...kind.aliases).chain(anyCase), space).map(([a, gap]) => `${a}${gap}${name}`),
  ];
  if (['cordon', 'uncordon', 'drain'].includes(verb) && findKind(name) === undefined)
    forms.push(fc.constant(name));
  return fc.oneof(...forms);
}

function buildVerbParts(verb: ActionVerb): fc.Arbitrary<{ parts: string[]; fields: object }> {
  switch (verb) {
    case 'scale':
      return fc
        .integer({ min: 0, max: 1000 })
        .chain((replicas) =>
          flag(['--replicas'], String(replicas)).map((p) => ({ parts: [p], fields: { replicas } })),
        );
    case 'patch':
      return fc
        .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
          minKeys: 1,
          maxKeys: 4,
        })
        .map((object) => JSON.stringify(object))
        .chain((json) =>
          flag(['--patch'], json).map((p) => ({ parts: [p], fields: { patch: JSON.parse(json) as object } })),
        );
    case 'rollback':
      return fc.option(fc.integer({ min: 1, max: 999_999_999 }), { nil: undefined }).chain((toRevision) =>
        toRevision === undefined
          ? fc.constant<{ parts: string[]; fields: object }>({ parts: [], fields: {} })
          : flag(['--to-revision'], String(toRevision)).map((p) => ({
              parts: [p],
              fields: { toRevision },
            })),
      );
    default:
      return fc.constant({ parts: [], fields: {} });
  }
}

const VERB_PARTS = new Map(ACTION_VERBS.map((v) => [v, buildVerbParts(v)] as const));
const verbParts = (verb: ActionVerb): fc.Arbitrary<{ parts: string[]; fields: object }> =>
  VERB_PARTS.get(verb)!;

/** A valid action, typed in any accepted way, with the ActionRequest it must parse to. */
export const actionCase = (reasonRequired: boolean): fc.Arbitrary<Case> =>
  fc
    .constantFrom(...ACTION_VERBS)
    .chain((verb) =>
      fc.tuple(fc.constant(verb), fc.constantFrom(...ACTION_KINDS[verb].map((k) => kindInfo(k)))),
    )
    .chain(([verb, kind]) =>
      fc.record({
        verb: fc.constant(verb),
        verbText: anyCase(verb),
        kind: fc.constant(kind),
        name: nameFor(kind),
        namespace: label,
        common: common(reasonRequired),
        specific: verbParts(verb),
      }),
    )
    .chain((c) =>
      fc.tuple(targetText(c.verb, c.kind, c.name), namespaceFlag(c.namespace)).chain(([target, ns]) => {
        const parts = [target, ...(c.kind.namespaced ? [ns] : []), ...c.common.parts, ...c.specific.parts];
        return assemble(c.verbText, parts).map((text) => ({
          text,
          expected: {
            type: 'action',
            verb: c.verb,
            target: { kind: c.kind, name: c.name, ...(c.kind.namespaced && { namespace: c.namespace }) },
            ...c.specific.fields,
            ...c.common.fields,
          } as Command,
        }));
      }),
    );
