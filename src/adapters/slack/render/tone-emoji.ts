import type { Tone } from '../../../core/cards/approval-card.ts';

const EMOJI: Readonly<Record<Tone, string>> = {
  good: ':white_check_mark:',
  bad: ':x:',
  attention: ':hourglass_flowing_sand:',
  neutral: ':white_circle:',
};

/** The emoji shortcode that leads a status line of the given tone (our markup, never user text). */
export function toneEmoji(tone: Tone): string {
  return EMOJI[tone];
}
