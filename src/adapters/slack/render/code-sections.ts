import type { SlackBlock } from './block-kit.ts';
import { sectionBlock } from './block-kit.ts';
import { codeUnit } from './escape-mrkdwn.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

const FENCE = '```';

/**
 * Text shown whole, escaped, as mrkdwn code blocks over as many sections as it needs,
 * split between lines (inside one only when it alone is too long, never inside an
 * entity or a surrogate pair). Block IDs are `blockId-1`, `blockId-2`, ...
 */
export function codeSections(text: string, blockId: string): SlackBlock[] {
  const room = SLACK_LIMITS.text - 2 * (FENCE.length + 1);
  const chunks: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current !== '') chunks.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const escaped = [...line].map(codeUnit);
    const joined = escaped.join('');
    const separator = current === '' ? '' : '\n';
    if (current.length + separator.length + joined.length <= room) {
      current += separator + joined;
      continue;
    }
    flush();
    for (const unit of escaped) {
      if (current.length + unit.length > room) flush();
      current += unit;
    }
  }
  flush();
  if (chunks.length === 0) chunks.push(' ');
  return chunks.map((chunk, i) =>
    sectionBlock(`${FENCE}\n${chunk}\n${FENCE}`, { blockId: `${blockId}-${i + 1}` }),
  );
}
