/**
 * A focused structural check of Adaptive Cards against the rules of the schema version
 * they declare (adaptive-card.json 1.5), for the element and action types Countersign
 * uses: each object's `type` must be one this check knows, each property must be one
 * the schema defines for that type (`additionalProperties: false`), of its type or
 * enum, and introduced no later than the card's `version`; required properties must be
 * present; input IDs unique; at most 6 actions per card (Teams' host config). Types it
 * does not know are reported, not assumed valid. Enum values must be spelled as the
 * schema's enum lists them (the schema also admits other capitalisations). A top-level
 * card may carry Teams' `msteams: { entities }`, whose mentions must match its text as
 * Teams requires (validate-mentions.ts); a card without it may have no `<at>` either.
 */

import {
  ACTION_TYPES,
  CARD_PROPS,
  ELEMENT_TYPES,
  KNOWN_VERSIONS,
  MAX_ACTIONS,
  RULES,
  type Kind,
  type Prop,
} from './adaptive-card-rules.ts';
import { mentionProblems, stringsOf } from './validate-mentions.ts';

const newer = (a: string, b: string): boolean => {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am > bm || (am === bm && an > bn);
};

/** Every problem of `card` as a top-level Adaptive Card, each prefixed with its JSON path; empty when valid. */
export function validateAdaptiveCard(card: unknown): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const obj = asObject(card);
  if (!obj || obj.type !== 'AdaptiveCard') return ['$: not an AdaptiveCard'];
  const version = obj.version;
  if (typeof version !== 'string' || !KNOWN_VERSIONS.includes(version)) {
    return [`$.version: must be one of ${KNOWN_VERSIONS.join(', ')}, got ${JSON.stringify(version)}`];
  }
  const { msteams, ...rest } = obj;
  checkCard(rest, '$', version, problems, ids);
  const teams = asObject(msteams);
  if (msteams !== undefined && (!teams || Object.keys(teams).some((key) => key !== 'entities'))) {
    problems.push('$.msteams: must be { entities }');
  }
  problems.push(
    ...mentionProblems(stringsOf([rest.body, rest.actions]), teams?.entities, '$.msteams.entities'),
  );
  return problems;
}

function checkCard(
  card: Record<string, unknown>,
  path: string,
  version: string,
  problems: string[],
  ids: Set<string>,
): void {
  if (card.type !== 'AdaptiveCard') problems.push(`${path}.type: must be AdaptiveCard`);
  checkProps(card, CARD_PROPS, path, version, problems, ids);
  if (Array.isArray(card.actions) && card.actions.length > MAX_ACTIONS) {
    problems.push(`${path}.actions: ${card.actions.length} actions, Teams shows at most ${MAX_ACTIONS}`);
  }
}

function checkItem(
  item: unknown,
  path: string,
  version: string,
  allowed: ReadonlySet<string>,
  problems: string[],
  ids: Set<string>,
): void {
  const obj = asObject(item);
  const type = obj?.type;
  if (!obj || typeof type !== 'string') {
    problems.push(`${path}: an object with a type is required`);
    return;
  }
  const rule = RULES[type];
  if (!rule || !allowed.has(type)) {
    problems.push(`${path}: type ${type} is not allowed here or not checked`);
    return;
  }
  if (newer(rule.since, version))
    problems.push(`${path}: ${type} needs version ${rule.since}, card declares ${version}`);
  for (const name of rule.required) if (obj[name] === undefined) problems.push(`${path}.${name}: required`);
  if (rule.input && typeof obj.id === 'string') {
    if (ids.has(obj.id)) problems.push(`${path}.id: input id ${obj.id} is used twice`);
    ids.add(obj.id);
  }
  checkProps(obj, rule.props, path, version, problems, ids);
}

function checkProps(
  obj: Record<string, unknown>,
  props: Readonly<Record<string, Prop>>,
  path: string,
  version: string,
  problems: string[],
  ids: Set<string>,
): void {
  for (const [name, value] of Object.entries(obj)) {
    const prop = props[name];
    const at = `${path}.${name}`;
    if (!prop) {
      problems.push(`${at}: not a property of ${String(obj.type)}`);
      continue;
    }
    if (prop.since && newer(prop.since, version))
      problems.push(`${at}: needs version ${prop.since}, card declares ${version}`);
    checkValue(value, prop.kind, at, version, problems, ids);
  }
}

function checkValue(
  value: unknown,
  kind: Kind,
  at: string,
  version: string,
  problems: string[],
  ids: Set<string>,
): void {
  const fail = (what: string): void => {
    problems.push(`${at}: must be ${what}`);
  };
  if (Array.isArray(kind)) {
    if (typeof value !== 'string' || !kind.includes(value)) fail(`one of ${kind.join(', ')}`);
    return;
  }
  switch (kind) {
    case 'string':
    case 'boolean':
    case 'number':
      if (typeof value !== kind) fail(`a ${kind}`);
      return;
    case 'object':
      if (!asObject(value)) fail('an object');
      return;
    case 'data':
      if (typeof value !== 'string' && !asObject(value)) fail('a string or an object');
      return;
    case 'any':
      return;
    case 'elements':
    case 'actions':
      if (!Array.isArray(value)) return fail('an array');
      value.forEach((item, i) =>
        checkItem(
          item,
          `${at}[${i}]`,
          version,
          kind === 'elements' ? ELEMENT_TYPES : ACTION_TYPES,
          problems,
          ids,
        ),
      );
      return;
    case 'facts':
    case 'choices':
      if (!Array.isArray(value)) return fail('an array');
      value.forEach((pair, i) => {
        const o = asObject(pair);
        const keys = Object.keys(o ?? {}).filter((k) => k !== 'type');
        if (!o || typeof o.title !== 'string' || typeof o.value !== 'string' || keys.length !== 2) {
          problems.push(`${at}[${i}]: must be exactly { title, value }, both strings`);
        }
      });
      return;
    case 'card': {
      const nested = asObject(value);
      if (!nested) return fail('an AdaptiveCard');
      checkCard(nested, at, version, problems, ids);
      return;
    }
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
