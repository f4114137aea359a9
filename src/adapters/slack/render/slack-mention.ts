import type { CardPerson } from '../../../core/cards/person-text.ts';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * ` (<@U…>)`, the mention put beside a person's username (the display rule of
 * `core/cards/person-name.ts`); empty for anyone whose ID is not a Slack user ID.
 */
export function slackMention(person: CardPerson | undefined): string {
  return person?.platform === 'slack' && SLACK_USER_ID.test(person.platformUserId)
    ? ` (<@${person.platformUserId}>)`
    : '';
}
