import type { CardPerson } from '../../../core/cards/person-text.ts';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * ` (<@U…>)`, the mention a Slack renderer puts beside a person's username (the one
 * display rule, `core/cards/person-name.ts`): Slack shows the person's current name,
 * tied to their immutable user ID. Empty for anyone who is not a Slack user (Teams,
 * console, kubectl) or whose ID is not a Slack user ID, so nothing else can be injected.
 */
export function slackMention(person: CardPerson | undefined): string {
  return person?.platform === 'slack' && SLACK_USER_ID.test(person.platformUserId)
    ? ` (<@${person.platformUserId}>)`
    : '';
}
