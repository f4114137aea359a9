/**
 * What the Adaptive Card schema (adaptive-card.json 1.5) says about the element and
 * action types Countersign uses: for each type, the version that introduced it, its
 * required properties, and every property it may have with its type or enum and the
 * version that introduced it. Read by validate-adaptive-card.ts.
 */

/** What a property's value must be. */
export type Kind =
  | 'string'
  | 'boolean'
  | 'number'
  | 'elements'
  | 'actions'
  | 'facts'
  | 'choices'
  | 'card'
  | 'data'
  | 'object'
  | 'any'
  | readonly string[];

/** One property of a type. */
export interface Prop {
  readonly kind: Kind;
  readonly since?: string;
}

/** One element or action type. */
export interface TypeRule {
  readonly since: string;
  readonly required: readonly string[];
  readonly props: Readonly<Record<string, Prop>>;
  readonly input?: boolean;
}

const SPACING = ['default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding'];
const COLORS = ['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'];
const CONTAINER_STYLE = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'];
const ALIGN = ['left', 'center', 'right'];
const V_ALIGN = ['top', 'center', 'bottom'];

const ELEMENT: Readonly<Record<string, Prop>> = {
  type: { kind: 'string' },
  id: { kind: 'string' },
  isVisible: { kind: 'boolean', since: '1.2' },
  separator: { kind: 'boolean' },
  spacing: { kind: SPACING },
  height: { kind: ['auto', 'stretch'], since: '1.1' },
  fallback: { kind: 'any', since: '1.2' },
  requires: { kind: 'object', since: '1.2' },
};
const INPUT: Readonly<Record<string, Prop>> = {
  ...ELEMENT,
  label: { kind: 'string', since: '1.3' },
  isRequired: { kind: 'boolean', since: '1.3' },
  errorMessage: { kind: 'string', since: '1.3' },
};
const ACTION: Readonly<Record<string, Prop>> = {
  type: { kind: 'string' },
  title: { kind: 'string' },
  iconUrl: { kind: 'string', since: '1.1' },
  id: { kind: 'string' },
  style: { kind: ['default', 'positive', 'destructive'], since: '1.2' },
  fallback: { kind: 'any', since: '1.2' },
  tooltip: { kind: 'string', since: '1.5' },
  isEnabled: { kind: 'boolean', since: '1.5' },
  mode: { kind: ['primary', 'secondary'], since: '1.5' },
  requires: { kind: 'object', since: '1.2' },
};

/** The rules of every type checked, by `type`. */
export const RULES: Readonly<Record<string, TypeRule>> = {
  TextBlock: {
    since: '1.0',
    required: ['text'],
    props: {
      ...ELEMENT,
      text: { kind: 'string' },
      color: { kind: COLORS },
      fontType: { kind: ['default', 'monospace'], since: '1.2' },
      horizontalAlignment: { kind: ALIGN },
      isSubtle: { kind: 'boolean' },
      maxLines: { kind: 'number' },
      size: { kind: ['default', 'small', 'medium', 'large', 'extraLarge'] },
      weight: { kind: ['default', 'lighter', 'bolder'] },
      wrap: { kind: 'boolean' },
      style: { kind: ['default', 'heading'], since: '1.5' },
    },
  },
  FactSet: { since: '1.0', required: ['facts'], props: { ...ELEMENT, facts: { kind: 'facts' } } },
  Container: {
    since: '1.0',
    required: ['items'],
    props: {
      ...ELEMENT,
      items: { kind: 'elements' },
      style: { kind: CONTAINER_STYLE },
      verticalContentAlignment: { kind: V_ALIGN, since: '1.1' },
      bleed: { kind: 'boolean', since: '1.2' },
      minHeight: { kind: 'string', since: '1.2' },
    },
  },
  'Input.Text': {
    since: '1.0',
    required: ['id'],
    input: true,
    props: {
      ...INPUT,
      isMultiline: { kind: 'boolean' },
      maxLength: { kind: 'number' },
      placeholder: { kind: 'string' },
      regex: { kind: 'string', since: '1.3' },
      style: { kind: ['text', 'tel', 'url', 'email', 'password'] },
      value: { kind: 'string' },
    },
  },
  'Input.Number': {
    since: '1.0',
    required: ['id'],
    input: true,
    props: {
      ...INPUT,
      max: { kind: 'number' },
      min: { kind: 'number' },
      placeholder: { kind: 'string' },
      value: { kind: 'number' },
    },
  },
  'Input.ChoiceSet': {
    since: '1.0',
    required: ['id'],
    input: true,
    props: {
      ...INPUT,
      choices: { kind: 'choices' },
      isMultiSelect: { kind: 'boolean' },
      style: { kind: ['compact', 'expanded', 'filtered'] },
      value: { kind: 'string' },
      placeholder: { kind: 'string' },
      wrap: { kind: 'boolean', since: '1.2' },
    },
  },
  'Action.Execute': {
    since: '1.4',
    required: [],
    props: {
      ...ACTION,
      verb: { kind: 'string' },
      data: { kind: 'data' },
      associatedInputs: { kind: ['auto', 'none', 'Auto', 'None'] },
    },
  },
  'Action.Submit': {
    since: '1.0',
    required: [],
    props: {
      ...ACTION,
      data: { kind: 'data' },
      associatedInputs: { kind: ['auto', 'none', 'Auto', 'None'], since: '1.3' },
    },
  },
  'Action.OpenUrl': { since: '1.0', required: ['url'], props: { ...ACTION, url: { kind: 'string' } } },
  'Action.ShowCard': { since: '1.0', required: [], props: { ...ACTION, card: { kind: 'card' } } },
};

/** Properties of an AdaptiveCard (top level or inside Action.ShowCard). */
export const CARD_PROPS: Readonly<Record<string, Prop>> = {
  type: { kind: 'string' },
  version: { kind: 'string' },
  $schema: { kind: 'string' },
  body: { kind: 'elements' },
  actions: { kind: 'actions' },
  fallbackText: { kind: 'string' },
  speak: { kind: 'string' },
  lang: { kind: 'string' },
  minHeight: { kind: 'string', since: '1.2' },
  rtl: { kind: 'boolean', since: '1.5' },
  verticalContentAlignment: { kind: V_ALIGN, since: '1.1' },
};
/** Types allowed in `body` and `items`. */
export const ELEMENT_TYPES = new Set([
  'TextBlock',
  'FactSet',
  'Container',
  'Input.Text',
  'Input.Number',
  'Input.ChoiceSet',
]);
/** Types allowed in `actions`. */
export const ACTION_TYPES = new Set(['Action.Execute', 'Action.Submit', 'Action.OpenUrl', 'Action.ShowCard']);
/** Versions a top-level card may declare (Teams renders up to 1.5). */
export const KNOWN_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'];
/** Most actions Teams shows on one card (its host config). */
export const MAX_ACTIONS = 6;
