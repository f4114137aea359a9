import { SLACK_DOCUMENTED_LIMITS as L } from './slack-documented-limits.ts';
import { checkText, validateBlocks } from './validate-blocks.ts';

/**
 * Checks a view for views.open, views.push, views.update or views.publish as Slack
 * does and returns its refusal lines (empty when valid): `modal` or `home` type,
 * at most 100 valid blocks, a modal title (and submit, close) of at most 24
 * characters, submit present when there is an input block, `private_metadata` at
 * most 3000 and `callback_id` at most 255 characters.
 */
export function validateView(view: unknown, expected?: 'modal' | 'home'): string[] {
  const problems: string[] = [];
  const fail = (at: string, message: string): void => {
    problems.push(`[ERROR] ${message} [json-pointer:${at}]`);
  };
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    fail('/view', 'must be an object');
    return problems;
  }
  const v = view as Record<string, unknown>;
  if (v.type !== 'modal' && v.type !== 'home') fail('/view/type', 'must be one of modal, home');
  if (expected !== undefined && v.type !== expected) fail('/view/type', `must be ${expected}`);
  if (v.type === 'modal') {
    checkText(v.title, '/view/title', L.modalTitle, fail, true);
    if (v.submit !== undefined) checkText(v.submit, '/view/submit', L.modalButton, fail, true);
    if (v.close !== undefined) checkText(v.close, '/view/close', L.modalButton, fail, true);
    const hasInput =
      Array.isArray(v.blocks) && v.blocks.some((b) => (b as { type?: unknown })?.type === 'input');
    if (hasInput && v.submit === undefined)
      fail('/view/submit', 'is required when the view has input blocks');
  }
  if (v.private_metadata !== undefined) {
    if (typeof v.private_metadata !== 'string') fail('/view/private_metadata', 'must be a string');
    else if (v.private_metadata.length > L.privateMetadata) {
      fail('/view/private_metadata', `must be less than ${L.privateMetadata + 1} characters`);
    }
  }
  if (typeof v.callback_id === 'string' && v.callback_id.length > L.callbackId) {
    fail('/view/callback_id', `must be less than ${L.callbackId + 1} characters`);
  }
  problems.push(...validateBlocks(v.blocks, 'view', '/view/blocks'));
  return problems;
}
