import type { types } from '@slack/bolt';
import { REQUEST_FORM_DURATIONS, type RequestFormField } from '../../../core/conversation/request-form.ts';
import {
  grantableRoleChoices,
  REQUEST_KIND_CHOICES,
  type RequestFormChoices,
} from '../../../core/conversation/request-form-choices.ts';
import { MAX_REASON_CHARS } from '../../../core/requests/common-flags.ts';
import { ACTION_VERBS } from '../../../core/requests/request-types.ts';
import { plain, sectionBlock, type SlackBlock } from './block-kit.ts';
import { CALLBACK_IDS, formActionId } from './interaction-ids.ts';
import { modalView } from './modal-view.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

export { formValuesToCommandText } from './form-values-to-command-text.ts';

/** What the form offers; lists longer than Slack's 100 options are cut to the first 100. */
export interface RequestFormOptions extends RequestFormChoices {
  /** Which variant to show; the app re-renders on `countersign:form-kind`. Default `action`. */
  readonly kind?: 'action' | 'access';
  /** Opaque to the form, e.g. the channel the command was typed in (at most 3000 characters). */
  readonly privateMetadata?: string;
}

type Option = types.PlainTextOption;

/**
 * The `/k8s-request` modal (callback `countersign:form`): action or access, cluster,
 * then verb, target (`kind/name`), namespace, replicas and patch for an action, or
 * role, namespace and duration for access, then the required reason and an optional
 * incident. Submitted values go through {@link formValuesToCommandText} and the same
 * parser as a typed command. Narrow verb/resource grants and rollback to a given
 * revision are typed commands only.
 */
export function renderRequestForm(options: RequestFormOptions): types.ModalView {
  const kind = options.kind ?? 'action';
  const blocks: SlackBlock[] = [
    kindInput(kind),
    choiceOrText('cluster', 'Cluster', options.clusters, options.defaultCluster),
  ];
  if (kind === 'action') {
    blocks.push(
      select(
        'verb',
        'Action',
        ACTION_VERBS.map((v) => option(v, v)),
      ),
      textInput('target', 'Target', {
        placeholder: 'deployment/api',
        hint: 'KIND/NAME, e.g. deployment/api or node/ip-10-0-1-12',
      }),
      choiceOrText('namespace', 'Namespace', options.namespaces, undefined, 'Not used for nodes.'),
      {
        type: 'input',
        block_id: 'replicas',
        optional: true,
        label: plain('Replicas'),
        hint: plain('For scale only.'),
        element: {
          type: 'number_input',
          action_id: formActionId('replicas'),
          is_decimal_allowed: false,
          min_value: '0',
          max_value: '1000',
        },
      },
      textInput('patch', 'Patch', {
        optional: true,
        multiline: true,
        placeholder: '{"spec":{"paused":true}}',
        hint: 'For patch only: a JSON merge patch.',
      }),
    );
  } else {
    const roles = grantableRoleChoices(options.grantableRoles)
      .filter((c) => c.value.length <= SLACK_LIMITS.optionValue)
      .map((c) => option(c.title, c.value));
    blocks.push(
      roles.length > 0
        ? select('role', 'Role', roles)
        : sectionBlock(
            'Policy lists no grantable roles. Type `/k8s-request access VERBS RESOURCES -n NAMESPACE --for 30m --reason "…"` instead.',
            { blockId: 'role' },
          ),
      choiceOrText(
        'namespace',
        'Namespace',
        options.namespaces,
        undefined,
        'Not used for cluster-wide roles.',
      ),
      select(
        'duration',
        'For how long',
        REQUEST_FORM_DURATIONS.map((d) => option(d, d)),
        '1h',
      ),
    );
  }
  blocks.push(
    textInput('reason', 'Reason', {
      maxLength: MAX_REASON_CHARS,
      placeholder: 'Why this is needed, e.g. INC-4312 load',
    }),
    textInput('incident', 'Incident', { optional: true, maxLength: 64, placeholder: 'INC-4312' }),
  );
  return modalView({
    callbackId: CALLBACK_IDS.form,
    title: 'Request a change',
    submit: 'Request',
    ...(options.privateMetadata !== undefined && { privateMetadata: options.privateMetadata }),
    blocks,
  });
}

function option(text: string, value: string): Option {
  return { text: plain(text, SLACK_LIMITS.optionText), value };
}

function kindInput(kind: 'action' | 'access'): types.InputBlock {
  const choices = REQUEST_KIND_CHOICES.map((c) => option(c.title, c.value));
  return {
    type: 'input',
    block_id: 'kind',
    dispatch_action: true,
    label: plain('What do you need?'),
    element: {
      type: 'radio_buttons',
      action_id: formActionId('kind'),
      options: choices,
      initial_option: kind === 'action' ? choices[0]! : choices[1]!,
    },
  };
}

function select(
  block: RequestFormField,
  label: string,
  options: readonly Option[],
  initial?: string,
): types.InputBlock {
  const shown = options.slice(0, SLACK_LIMITS.selectOptions);
  const initialOption = shown.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: block,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: formActionId(block),
      placeholder: plain(`Choose ${label.toLowerCase()}`, SLACK_LIMITS.placeholder),
      options: shown,
      ...(initialOption && { initial_option: initialOption }),
    },
  };
}

/** A select of the given names, or a text input when there are none to offer (Slack refuses an empty select). */
function choiceOrText(
  block: RequestFormField,
  label: string,
  names: readonly string[],
  initial?: string,
  hint?: string,
): types.InputBlock {
  const optional = block === 'namespace';
  const usable = names.filter((n) => n.length <= SLACK_LIMITS.optionValue);
  const input =
    usable.length > 0
      ? select(
          block,
          label,
          usable.map((n) => option(n, n)),
          initial,
        )
      : textInput(block, label, { maxLength: 253 });
  return {
    ...input,
    ...(optional && { optional }),
    ...(hint && { hint: plain(hint, SLACK_LIMITS.inputHint) }),
  };
}

interface TextInputSpec {
  readonly optional?: boolean;
  readonly multiline?: boolean;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly hint?: string;
}

function textInput(block: RequestFormField, label: string, spec: TextInputSpec): types.InputBlock {
  return {
    type: 'input',
    block_id: block,
    ...(spec.optional && { optional: true }),
    label: plain(label),
    ...(spec.hint && { hint: plain(spec.hint, SLACK_LIMITS.inputHint) }),
    element: {
      type: 'plain_text_input',
      action_id: formActionId(block),
      ...(spec.multiline && { multiline: true }),
      max_length: Math.min(spec.maxLength ?? SLACK_LIMITS.inputMaxLength, SLACK_LIMITS.inputMaxLength),
      ...(spec.placeholder && { placeholder: plain(spec.placeholder, SLACK_LIMITS.placeholder) }),
    },
  };
}
