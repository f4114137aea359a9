import { SLACK_DOCUMENTED_LIMITS as L } from './slack-documented-limits.ts';

type Json = Record<string, unknown>;

/** Where blocks are shown: messages allow 50, modals and Home tabs 100. */
export type Surface = 'message' | 'view';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks blocks as Slack's Block Kit validator does, returning its refusal lines
 * (`[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`);
 * empty means Slack would accept them. Covers the blocks and elements Countersign
 * uses — section, header, context, actions, divider, input, buttons, selects, radio
 * buttons, text and number inputs, confirm dialogs — with every length and count
 * limit, unique block IDs per surface and unique action IDs per block.
 */
export function validateBlocks(blocks: unknown, surface: Surface, pointer = '/blocks'): string[] {
  const problems: string[] = [];
  const fail = (at: string, message: string): void => {
    problems.push(`[ERROR] ${message} [json-pointer:${at}]`);
  };
  if (!Array.isArray(blocks)) {
    fail(pointer, 'must be an array');
    return problems;
  }
  const max = surface === 'message' ? L.messageBlocks : L.viewBlocks;
  if (blocks.length > max) fail(pointer, `no more than ${max} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(block)) return fail(at, 'must be an object');
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string') fail(`${at}/block_id`, 'must be a string');
      else {
        checkLength(block.block_id, L.blockId, `${at}/block_id`, fail);
        if (blockIds.has(block.block_id)) fail(`${at}/block_id`, `duplicate block_id ${block.block_id}`);
        blockIds.add(block.block_id);
      }
    }
    checkBlock(block, at, fail);
  });
  return problems;
}

type Fail = (at: string, message: string) => void;

function checkLength(text: string, max: number, at: string, fail: Fail): void {
  if (text.length > max) fail(at, `must be less than ${max + 1} characters`);
}

/** A text object: plain_text or mrkdwn (or plain only), 1..max characters. */
export function checkText(value: unknown, at: string, max: number, fail: Fail, plainOnly = false): void {
  if (!isObject(value)) return fail(at, 'must be a text object');
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
    return fail(`${at}/type`, `must be one of ${allowed.join(', ')}`);
  }
  if (typeof value.text !== 'string') return fail(`${at}/text`, 'must be a string');
  if (value.text.length === 0) fail(`${at}/text`, 'must be more than 0 characters');
  checkLength(value.text, max, `${at}/text`, fail);
}

function checkBlock(block: Json, at: string, fail: Fail): void {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined)
        fail(at, 'must provide either text or fields');
      if (block.text !== undefined) checkText(block.text, `${at}/text`, L.text, fail);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) return fail(`${at}/fields`, 'must be an array');
        if (block.fields.length > L.sectionFields)
          fail(`${at}/fields`, `no more than ${L.sectionFields} items allowed`);
        block.fields.forEach((f, i) => checkText(f, `${at}/fields/${i}`, L.fieldText, fail));
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${at}/accessory`, new Set(), fail);
      return;
    }
    case 'header':
      return checkText(block.text, `${at}/text`, L.headerText, fail, true);
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0)
        return fail(`${at}/elements`, 'must be a non-empty array');
      if (elements.length > L.contextElements)
        fail(`${at}/elements`, `no more than ${L.contextElements} items allowed`);
      elements.forEach((e, i) => {
        if (isObject(e) && e.type === 'image') return;
        checkText(e, `${at}/elements/${i}`, L.text, fail);
      });
      return;
    }
    case 'actions': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0)
        return fail(`${at}/elements`, 'must be a non-empty array');
      if (elements.length > L.actionsElements)
        fail(`${at}/elements`, `no more than ${L.actionsElements} items allowed`);
      const actionIds = new Set<string>();
      elements.forEach((e, i) => checkElement(e, `${at}/elements/${i}`, actionIds, fail));
      return;
    }
    case 'input':
      checkText(block.label, `${at}/label`, L.inputLabel, fail, true);
      if (block.hint !== undefined) checkText(block.hint, `${at}/hint`, L.inputHint, fail, true);
      if (block.element === undefined) return fail(`${at}/element`, 'is required');
      return checkElement(block.element, `${at}/element`, new Set(), fail);
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'markdown':
    case 'file':
    case 'video':
      return;
    default:
      fail(`${at}/type`, `unsupported block type ${String(block.type)}`);
  }
}

function checkElement(element: unknown, at: string, actionIds: Set<string>, fail: Fail): void {
  if (!isObject(element)) return fail(at, 'must be an object');
  if (element.action_id !== undefined) {
    if (typeof element.action_id !== 'string') fail(`${at}/action_id`, 'must be a string');
    else {
      checkLength(element.action_id, L.actionId, `${at}/action_id`, fail);
      if (actionIds.has(element.action_id))
        fail(`${at}/action_id`, `duplicate action_id ${element.action_id}`);
      actionIds.add(element.action_id);
    }
  }
  if (element.confirm !== undefined) checkConfirm(element.confirm, `${at}/confirm`, fail);
  if (element.placeholder !== undefined)
    checkText(element.placeholder, `${at}/placeholder`, L.placeholder, fail, true);
  switch (element.type) {
    case 'button':
      checkText(element.text, `${at}/text`, L.buttonText, fail, true);
      if (element.value !== undefined) {
        if (typeof element.value !== 'string') fail(`${at}/value`, 'must be a string');
        else checkLength(element.value, L.buttonValue, `${at}/value`, fail);
      }
      if (typeof element.url === 'string') checkLength(element.url, L.buttonUrl, `${at}/url`, fail);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        fail(`${at}/style`, 'must be one of primary, danger');
      }
      return;
    case 'static_select':
      return checkOptions(element, at, L.selectOptions, fail, true);
    case 'radio_buttons':
    case 'checkboxes':
      return checkOptions(element, at, L.radioOptions, fail, false);
    case 'plain_text_input': {
      const maxLength = typeof element.max_length === 'number' ? element.max_length : L.inputMaxLength;
      if (maxLength > L.inputMaxLength) fail(`${at}/max_length`, `must be at most ${L.inputMaxLength}`);
      if (typeof element.min_length === 'number' && element.min_length > maxLength) {
        fail(`${at}/min_length`, 'must be at most max_length');
      }
      if (typeof element.initial_value === 'string')
        checkLength(element.initial_value, maxLength, `${at}/initial_value`, fail);
      return;
    }
    case 'number_input':
      if (typeof element.is_decimal_allowed !== 'boolean') fail(`${at}/is_decimal_allowed`, 'is required');
      return;
    case 'overflow':
    case 'datepicker':
    case 'timepicker':
    case 'datetimepicker':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'external_select':
    case 'email_text_input':
    case 'url_text_input':
    case 'image':
      return;
    default:
      fail(`${at}/type`, `unsupported element type ${String(element.type)}`);
  }
}

function checkOptions(element: Json, at: string, max: number, fail: Fail, plainOnly: boolean): void {
  const options = element.options;
  if (!Array.isArray(options) || options.length === 0)
    return fail(`${at}/options`, 'must be a non-empty array');
  if (options.length > max) fail(`${at}/options`, `no more than ${max} items allowed`);
  const values: string[] = [];
  options.forEach((o, i) => {
    if (!isObject(o)) return fail(`${at}/options/${i}`, 'must be an object');
    checkText(o.text, `${at}/options/${i}/text`, L.optionText, fail, plainOnly);
    if (typeof o.value !== 'string') return fail(`${at}/options/${i}/value`, 'must be a string');
    checkLength(o.value, L.optionValue, `${at}/options/${i}/value`, fail);
    values.push(o.value);
  });
  const initial = element.initial_option;
  if (initial !== undefined && (!isObject(initial) || !values.includes(String(initial.value)))) {
    fail(`${at}/initial_option`, 'must match one of the options');
  }
}

function checkConfirm(confirm: unknown, at: string, fail: Fail): void {
  if (!isObject(confirm)) return fail(at, 'must be an object');
  checkText(confirm.title, `${at}/title`, L.confirmTitle, fail, true);
  checkText(confirm.text, `${at}/text`, L.confirmText, fail);
  checkText(confirm.confirm, `${at}/confirm`, L.confirmButton, fail, true);
  checkText(confirm.deny, `${at}/deny`, L.confirmButton, fail, true);
}
