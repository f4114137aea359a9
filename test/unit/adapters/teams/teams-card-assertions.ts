import assert from 'node:assert/strict';
import { validateAdaptiveCard } from '../../../fakes/fake-teams/validate-adaptive-card.ts';
import { TEAMS_MESSAGE_LIMIT_BYTES } from '../../../fakes/fake-teams/fake-connector.ts';

/** Fails unless `card` is a valid Adaptive Card 1.5 that fits in one Teams message. */
export function assertCardAccepted(card: unknown): void {
  assert.deepEqual(validateAdaptiveCard(card), [], 'the card passes the Adaptive Card 1.5 check');
  assert.equal((card as { version?: unknown }).version, '1.5');
  assert.ok(
    Buffer.byteLength(JSON.stringify(card)) < TEAMS_MESSAGE_LIMIT_BYTES - 2048,
    'the card fits a Teams message',
  );
}

/** Every Action.Execute's `data`, nested show-cards included. */
export function executeData(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const value = node as Record<string, unknown>;
      if (value.type === 'Action.Execute') found.push((value.data ?? {}) as Record<string, unknown>);
      Object.values(value).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/**
 * Fails if any text of `card` could format, link or hide: markdown emphasis or code,
 * a `[label](url)` link, a `{{DATE()}}` function, bidi overrides or zero-width characters.
 */
export function assertInert(card: unknown): void {
  const text = JSON.stringify(card);
  assert.doesNotMatch(text, /\]\(/, 'no markdown link');
  assert.doesNotMatch(text, /\*\*|\*[^*\s]|`|~~/, 'no emphasis or code');
  assert.doesNotMatch(text, /\{\{/, 'no DATE/TIME function');
  assert.doesNotMatch(text, /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/, 'no invisible or bidi characters');
}
