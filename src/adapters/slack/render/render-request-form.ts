import type { types } from '@slack/bolt';
import type { RequestFormChoices } from '../../../core/conversation/request-form-choices.ts';
import { requestFormLayout, type RequestFormKind } from '../../../core/conversation/request-form-layout.ts';
import {
  REQUEST_FORM_FIELDS,
  type RequestForm,
  type RequestFormField,
} from '../../../core/conversation/request-form.ts';
import { formFieldBlock } from './form-field-block.ts';
import { CALLBACK_IDS, formActionId } from './interaction-ids.ts';
import { modalView, readViewValue, type ViewStateValues } from './modal-view.ts';

/** What the form offers; lists longer than Slack's 100 options are cut to the first 100. */
export interface RequestFormOptions extends RequestFormChoices {
  /** Which variant to show; the app re-renders on `countersign:form-kind`. Default `action`. */
  readonly kind?: RequestFormKind;
  /** Opaque to the form, e.g. the channel the command was typed in (at most 3000 characters). */
  readonly privateMetadata?: string;
}

/**
 * The `/k8s-request` modal (callback `countersign:form`): the core's
 * {@link requestFormLayout} for one kind, one input block per field named by it.
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

/** Reads the `/k8s-request` modal's submitted state into the core's neutral {@link RequestForm}. */
export function readSlackForm(values: ViewStateValues): RequestForm {
  const form: Partial<Record<RequestFormField, string>> = {};
  for (const field of REQUEST_FORM_FIELDS) {
    const value = readViewValue(values, field, formActionId(field));
    if (value !== undefined) form[field] = value;
  }
  return form;
}
