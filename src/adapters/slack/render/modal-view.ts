import type { types } from '@slack/bolt';
import { plain, type SlackBlock } from './block-kit.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/** The submitted state of a view: `values[blockId][actionId]`, as Bolt hands it over. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

/** One input's submitted value (the fields Countersign reads of Bolt's `ViewStateValue`). */
export interface ViewStateValue {
  readonly type: string;
  readonly value?: string | null;
  readonly selected_option?: { readonly value: string } | null;
}

/** What a modal needs; titles and buttons are cut to Slack's 24 characters. */
export interface ModalSpec {
  readonly callbackId: string;
  readonly title: string;
  readonly submit?: string;
  readonly close?: string;
  readonly privateMetadata?: string;
  readonly blocks: readonly SlackBlock[];
}

/** A modal view cut to Slack's limits; `private_metadata` or a `callback_id` too long (they carry IDs) throws. */
export function modalView(spec: ModalSpec): types.ModalView {
  const metadata = spec.privateMetadata ?? '';
  if (metadata.length > SLACK_LIMITS.privateMetadata || spec.callbackId.length > SLACK_LIMITS.callbackId) {
    throw new RangeError(
      `modal ${spec.callbackId.slice(0, 40)} exceeds Slack's private_metadata or callback_id limit`,
    );
  }
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    title: plain(spec.title, SLACK_LIMITS.modalTitle),
    ...(spec.submit !== undefined && { submit: plain(spec.submit, SLACK_LIMITS.modalButton) }),
    close: plain(spec.close ?? 'Cancel', SLACK_LIMITS.modalButton),
    ...(metadata !== '' && { private_metadata: metadata }),
    blocks: spec.blocks.slice(0, SLACK_LIMITS.viewBlocks),
  };
}

/** Reads a text input's or a select's value from submitted view state; undefined when empty or absent. */
export function readViewValue(
  values: ViewStateValues,
  blockId: string,
  actionId: string = blockId,
): string | undefined {
  const state = values[blockId]?.[actionId];
  const value = state?.selected_option?.value ?? state?.value ?? undefined;
  return value === null || value === undefined || value === '' ? undefined : value;
}
