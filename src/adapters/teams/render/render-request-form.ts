import type { UserFacingError } from '../../../core/errors.ts';
import {
  REQUEST_FORM_DURATIONS,
  type RequestForm,
  type RequestFormField,
} from '../../../core/conversation/request-form.ts';
import {
  grantableRoleChoices,
  REQUEST_KIND_CHOICES,
  type FormChoice,
  type RequestFormChoices,
} from '../../../core/conversation/request-form-choices.ts';
import { MAX_REASON_CHARS } from '../../../core/requests/common-flags.ts';
import { ACTION_VERBS } from '../../../core/requests/request-types.ts';
import {
  adaptiveCard,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type ChoiceSetInput,
  type TextInput,
} from './adaptive-card.ts';
import { CARD_VERBS } from './card-verbs.ts';
import { escapeCardText } from './escape-card-text.ts';
import { teamsSpelled } from './teams-example.ts';

/** Most choices one drop-down offers; longer lists are cut (the field then also takes typed text via the command). */
const MAX_CHOICES = 100;

/** What the form offers. */
export interface RequestFormOptions extends RequestFormChoices {
  /** Values to show again (after a refusal), by field. */
  readonly values?: RequestForm;
  /** Why the last submit was refused, shown above the fields. */
  readonly error?: UserFacingError;
}

/**
 * The `k8s-request` form as one Adaptive Card: what is needed (an action or access),
 * cluster, action and target (with replicas or a patch where they apply), or role and
 * duration, namespace, the required reason and an optional incident; one Request
 * button (Action.Execute `countersign.form`) whose inputs become command text for the
 * same parser as a typed command. Narrow verb/resource grants and rollback to a given
 * revision are typed commands only. A refusal re-renders the form with the message on
 * top and the values kept.
 */
export function renderRequestForm(options: RequestFormOptions): AdaptiveCard {
  const values = options.values ?? {};
  const body: CardElement[] = [
    textBlock('Request a change', { size: 'large', weight: 'bolder', style: 'heading' }),
  ];
  if (options.error) {
    body.push(
      textBlock(escapeCardText(options.error.message, { maxLines: 5, maxLength: 1000 }), {
        id: 'error',
        color: 'attention',
      }),
    );
    if (options.error.example) {
      body.push(
        textBlock(
          `Example: ${escapeCardText(teamsSpelled(options.error.example), { maxLines: 1, maxLength: 500 })}`,
          {
            id: 'example',
            isSubtle: true,
          },
        ),
      );
    }
  }
  body.push(
    choice('kind', 'What do you need?', REQUEST_KIND_CHOICES, {
      value: values.kind ?? 'action',
      required: true,
      expanded: true,
    }),
    namesOrText('cluster', 'Cluster', options.clusters, values.cluster ?? options.defaultCluster),
    textBlock('For an action', { weight: 'bolder', separator: true }),
    choice(
      'verb',
      'Action',
      ACTION_VERBS.map((v) => ({ title: v, value: v })),
      { value: values.verb },
    ),
    text('target', 'Target', {
      placeholder: 'KIND/NAME, e.g. deployment/api or node/ip-10-0-1-12',
      value: values.target,
    }),
    {
      type: 'Input.Number',
      id: 'replicas',
      label: 'Replicas (scale only)',
      min: 0,
      max: 1000,
      ...(values.replicas !== undefined && /^\d+$/.test(values.replicas)
        ? { value: Number(values.replicas) }
        : {}),
    },
    text('patch', 'Patch (patch only, a JSON merge patch)', {
      placeholder: '{"spec":{"paused":true}}',
      multiline: true,
      value: values.patch,
    }),
    textBlock('For access', { weight: 'bolder', separator: true }),
    choice('role', 'Role', grantableRoleChoices(options.grantableRoles), { value: values.role }),
    choice(
      'duration',
      'For how long',
      REQUEST_FORM_DURATIONS.map((d) => ({ title: d, value: d })),
      {
        value: values.duration ?? '1h',
      },
    ),
    textBlock('For both', { weight: 'bolder', separator: true }),
    namesOrText(
      'namespace',
      'Namespace (not for nodes or cluster-wide roles)',
      options.namespaces,
      values.namespace,
    ),
    text('reason', 'Reason', {
      placeholder: 'Why this is needed, e.g. INC-4312 load',
      maxLength: MAX_REASON_CHARS,
      required: true,
      value: values.reason,
    }),
    text('incident', 'Incident', { placeholder: 'INC-4312', maxLength: 64, value: values.incident }),
  );
  return adaptiveCard('Request a change with k8s-request', body, [
    { type: 'Action.Execute', id: 'request', title: 'Request', verb: CARD_VERBS.form },
  ]);
}

interface ChoiceSpec {
  readonly value?: string | undefined;
  readonly required?: boolean;
  readonly expanded?: boolean;
}

function choice(
  field: RequestFormField,
  label: string,
  choices: readonly FormChoice[],
  spec: ChoiceSpec = {},
): ChoiceSetInput {
  const shown = choices.slice(0, MAX_CHOICES);
  const value = shown.some((c) => c.value === spec.value) ? spec.value : undefined;
  return {
    type: 'Input.ChoiceSet',
    id: field,
    label,
    style: spec.expanded ? 'expanded' : 'compact',
    placeholder: `Choose ${label.toLowerCase().replace(/ \(.*$/, '')}`,
    choices: shown,
    ...(value !== undefined ? { value } : {}),
    ...(spec.required ? { isRequired: true, errorMessage: `Choose ${label.toLowerCase()}.` } : {}),
  };
}

interface TextSpec {
  readonly placeholder?: string;
  readonly multiline?: boolean;
  readonly maxLength?: number;
  readonly required?: boolean;
  readonly value?: string | undefined;
}

function text(field: RequestFormField, label: string, spec: TextSpec): TextInput {
  return {
    type: 'Input.Text',
    id: field,
    label,
    ...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
    ...(spec.multiline ? { isMultiline: true } : {}),
    maxLength: spec.maxLength ?? 2000,
    ...(spec.required ? { isRequired: true, errorMessage: `${label} is required.` } : {}),
    ...(spec.value !== undefined ? { value: spec.value.slice(0, spec.maxLength ?? 2000) } : {}),
  };
}

/** A drop-down of the given names, or a text field when there are none to offer. */
function namesOrText(
  field: RequestFormField,
  label: string,
  names: readonly string[],
  value: string | undefined,
): CardElement {
  if (names.length === 0) return text(field, label, { maxLength: 253, value });
  return choice(
    field,
    label,
    names.map((n) => ({ title: n, value: n })),
    { value },
  );
}
