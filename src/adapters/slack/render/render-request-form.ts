import type { types } from '@slack/bolt';
import type { RequestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import { requestFormLayout, type RequestFormKind } from '../../../core/conversation/request-form-layout.ts';
import { formFieldBlock } from './form-field-block.ts';
import { CALLBACK_IDS } from './interaction-ids.ts';
import { modalView } from './modal-view.ts';

export { formValuesToCommandText } from './form-values-to-command-text.ts';

/** What the form offers; lists longer than Slack's 100 options are cut to the first 100. */
export interface RequestFormOptions extends RequestFormChoices {
  /** Which variant to show; the app re-renders on `countersign:form-kind`. Default `action`. */
  readonly kind?: RequestFormKind;
  /** Opaque to the form, e.g. the channel the command was typed in (at most 3000 characters). */
  readonly privateMetadata?: string;
}

/**
 * The `/k8s-request` modal (callback `countersign:form`): the core's
 * {@link requestFormLayout} for one kind at a time, each field one input block whose
 * block ID is the field's name. Changing the action/access choice dispatches, so the
 * app re-renders the other variant. Submitted values go through
 * {@link formValuesToCommandText} and the same parser as a typed command.
 */
export function renderRequestForm(options: RequestFormOptions): types.ModalView {
  return modalView({
    callbackId: CALLBACK_IDS.form,
    title: 'Request a change',
    submit: 'Request',
    ...(options.privateMetadata !== undefined && { privateMetadata: options.privateMetadata }),
    blocks: requestFormLayout(options, { kind: options.kind ?? 'action' }).map(formFieldBlock),
  });
}
