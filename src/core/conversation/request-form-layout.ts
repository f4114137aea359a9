import { MAX_REASON_CHARS } from '../requests/common-flags.ts';
import { COMMAND_PREFIX } from '../requests/examples.ts';
import { ACTION_VERBS } from '../requests/request-types.ts';
import { REQUEST_FORM_DURATIONS, type RequestForm, type RequestFormField } from './request-form.ts';
import {
  grantableRoleChoices,
  REQUEST_KIND_CHOICES,
  type FormChoice,
  type RequestFormChoices,
} from './request-form-choices.ts';

/** What a request form files: one action, or temporary access. */
export type RequestFormKind = 'action' | 'access';

/** How a field takes its value: a few choices shown at once, a drop-down, a line, several lines, or a whole number. */
export type FormInputType = 'radio' | 'select' | 'text' | 'multiline' | 'number';

/** One field of the request form, as every surface draws it; `id` is the submitted field name. */
export interface FormFieldLayout {
  readonly id: RequestFormField;
  readonly label: string;
  readonly input: FormInputType;
  /** The kinds of request the field is for; a surface showing one kind at a time leaves the others out. */
  readonly kinds: readonly RequestFormKind[];
  /** The field must be filled for the kinds it is for. */
  readonly required: boolean;
  /** For `radio` and `select`; an empty list means the field is typed instead, unless `noChoices` says otherwise. */
  readonly choices?: readonly FormChoice[];
  /** The choices are suggestions, possibly incomplete: a value typed by hand is accepted too. */
  readonly suggestions?: boolean;
  /** Said in place of the field when it has no choices and cannot be typed. */
  readonly noChoices?: string;
  /** The value shown first (a default, or the value submitted before a refusal). */
  readonly initial?: string;
  /** Shown in an empty field (for a drop-down: before anything is chosen). */
  readonly placeholder?: string;
  /** What to say when the field is required and left empty, where the surface checks before sending. */
  readonly refusal?: string;
  /** One sentence for under the field, fitted to the kind shown when the layout is for one kind. */
  readonly hint?: string;
  /** A few words naming which requests use the field, for a layout showing every kind at once ("scale only"). */
  readonly scope?: string;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
}

/** A run of fields for the same kinds of request, with a heading where it follows another run. */
export interface FormSection {
  readonly title?: string;
  readonly kinds: readonly RequestFormKind[];
  readonly fields: readonly FormFieldLayout[];
}

/** What to lay out: the values to show again after a refusal, and the one kind to show (all kinds without it). */
export interface RequestFormLayoutOptions {
  readonly values?: RequestForm;
  readonly kind?: RequestFormKind;
}

const BOTH: readonly RequestFormKind[] = ['action', 'access'];
const ACTION: readonly RequestFormKind[] = ['action'];
const ACCESS: readonly RequestFormKind[] = ['access'];
const NAME_MAX_LENGTH = 253;
const NAMESPACE_HINTS: Readonly<Record<RequestFormKind | 'both', string>> = {
  action: 'Not used for nodes.',
  access: 'Not used for cluster-wide roles.',
  both: 'Not used for nodes or cluster-wide roles.',
};

/**
 * The request form's fields in order, decided once for every surface: what is needed
 * (action or access), cluster, then the action's verb, target, replicas and patch or
 * the role and duration, the namespace, the required reason and an optional incident.
 * Choices come from {@link RequestFormChoices}; initial values are the submitted
 * `values` where given, else the defaults (action, the default cluster, `1h`). With
 * `kind`, only that kind's fields are laid out. Narrow verb/resource grants and
 * rollback to a given revision are typed commands only.
 */
export function requestFormLayout(
  choices: RequestFormChoices,
  { values = {}, kind }: RequestFormLayoutOptions = {},
): FormFieldLayout[] {
  const initial = (id: RequestFormField, fallback?: string): { initial?: string } => {
    const value = values[id] ?? (id === 'kind' ? kind : undefined) ?? fallback;
    return value === undefined ? {} : { initial: value };
  };
  const names = (list: readonly string[]): FormChoice[] => list.map((n) => ({ title: n, value: n }));
  const fields: FormFieldLayout[] = [
    {
      id: 'kind',
      label: 'What do you need?',
      placeholder: 'Choose what you need',
      refusal: 'Choose what you need.',
      input: 'radio',
      kinds: BOTH,
      required: true,
      choices: REQUEST_KIND_CHOICES,
      ...initial('kind', 'action'),
    },
    {
      id: 'cluster',
      label: 'Cluster',
      placeholder: 'Choose cluster',
      input: 'select',
      kinds: BOTH,
      required: true,
      choices: names(choices.clusters),
      maxLength: NAME_MAX_LENGTH,
      ...initial('cluster', choices.defaultCluster),
    },
    {
      id: 'verb',
      label: 'Action',
      placeholder: 'Choose action',
      input: 'select',
      kinds: ACTION,
      required: true,
      choices: names(ACTION_VERBS),
      ...initial('verb'),
    },
    {
      id: 'target',
      label: 'Target',
      input: 'text',
      kinds: ACTION,
      required: true,
      placeholder: 'deployment/api',
      hint: 'KIND/NAME, e.g. deployment/api or node/ip-10-0-1-12',
      ...initial('target'),
    },
    {
      id: 'role',
      label: 'Role',
      placeholder: 'Choose role',
      input: 'select',
      kinds: ACCESS,
      required: true,
      choices: grantableRoleChoices(choices.grantableRoles),
      noChoices: `Policy lists no grantable roles. Type \`${COMMAND_PREFIX} access VERBS RESOURCES -n NAMESPACE --for 30m --reason "…"\` instead.`,
      ...initial('role'),
    },
    {
      id: 'namespace',
      label: 'Namespace',
      placeholder: 'Choose namespace',
      input: 'select',
      kinds: BOTH,
      required: false,
      choices: names(choices.namespaces),
      suggestions: true,
      hint: NAMESPACE_HINTS[kind ?? 'both'],
      scope: 'not for nodes or cluster-wide roles',
      maxLength: NAME_MAX_LENGTH,
      ...initial('namespace'),
    },
    {
      id: 'replicas',
      label: 'Replicas',
      input: 'number',
      kinds: ACTION,
      required: false,
      hint: 'For scale only.',
      scope: 'scale only',
      min: 0,
      max: 1000,
      ...initial('replicas'),
    },
    {
      id: 'patch',
      label: 'Patch',
      input: 'multiline',
      kinds: ACTION,
      required: false,
      placeholder: '{"spec":{"paused":true}}',
      hint: 'For patch only: a JSON merge patch.',
      scope: 'patch only, a JSON merge patch',
      ...initial('patch'),
    },
    {
      id: 'duration',
      label: 'For how long',
      placeholder: 'Choose for how long',
      input: 'select',
      kinds: ACCESS,
      required: true,
      choices: names(REQUEST_FORM_DURATIONS),
      ...initial('duration', '1h'),
    },
    {
      id: 'reason',
      label: 'Reason',
      input: 'text',
      kinds: BOTH,
      required: true,
      placeholder: 'Why this is needed, e.g. INC-4312 load',
      maxLength: MAX_REASON_CHARS,
      ...initial('reason'),
    },
    {
      id: 'incident',
      label: 'Incident',
      input: 'text',
      kinds: BOTH,
      required: false,
      placeholder: 'INC-4312',
      maxLength: 64,
      ...initial('incident'),
    },
  ];
  return kind === undefined ? fields : fields.filter((f) => f.kinds.includes(kind));
}

/**
 * A layout showing every kind at once, grouped into runs: the fields for both kinds
 * that come first (what is needed, cluster) without a heading, then "For an action",
 * "For access" and "For both" (the other fields for both kinds: namespace, reason,
 * incident). Fields keep their order within a run; empty runs are left out.
 */
export function requestFormSections(fields: readonly FormFieldLayout[]): FormSection[] {
  const split = fields.findIndex((f) => f.kinds.length < BOTH.length);
  const rest = split === -1 ? [] : fields.slice(split);
  const run = (title: string, kinds: readonly RequestFormKind[]): FormSection => ({
    title,
    kinds,
    fields: rest.filter((f) => f.kinds.length === kinds.length && kinds.every((k) => f.kinds.includes(k))),
  });
  return [
    { kinds: BOTH, fields: split === -1 ? fields : fields.slice(0, split) },
    run('For an action', ACTION),
    run('For access', ACCESS),
    run('For both', BOTH),
  ].filter((s) => s.fields.length > 0);
}
