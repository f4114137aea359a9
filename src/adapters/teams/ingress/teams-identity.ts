import { TeamsInfo, type TurnContext } from 'botbuilder';
import { UserFacingError } from '../../../core/errors.ts';
import { resolvePrincipal, type IdentityRules } from '../../../core/identity/resolve-principal.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import { ExpiringCache } from '../../cache/expiring-cache.ts';

const CACHE_MS = 60_000;
const CACHE_LIMIT = 5_000;

/**
 * The sender of a Teams activity as a Kubernetes {@link Principal}, keyed by their Entra
 * object ID; in email mode their email (or UPN) comes from the roster, cached a minute. A
 * sender Teams did not identify or the rules cannot map gets a `UserFacingError`.
 */
export class TeamsPeople {
  private readonly emails: ExpiringCache<string, { email: string | undefined }>;

  constructor(
    private readonly rules: IdentityRules,
    now?: () => number,
  ) {
    this.emails = new ExpiringCache({ ttlMs: CACHE_MS, max: CACHE_LIMIT, now });
  }

  /** The principal of whoever sent `context.activity`, checked against the current identity rules. */
  async principalOf(context: TurnContext): Promise<Principal> {
    const from = context.activity.from;
    const userId = from?.aadObjectId;
    if (!userId) {
      throw new UserFacingError(
        'unknown_identity',
        'Teams did not say who you are (no Entra object ID on your message), so Countersign cannot act for you. Use Teams signed in with your work account.',
      );
    }
    const listed = this.rules.table.teams[userId] !== undefined;
    const { email } =
      this.rules.mode === 'email' && !listed
        ? await this.emails.get(userId, async () => {
            const member = await TeamsInfo.getMember(context, from.id);
            return { email: member.email ?? member.userPrincipalName ?? undefined };
          })
        : { email: undefined };
    return resolvePrincipal(this.rules, {
      platform: 'teams',
      userId,
      ...(email ? { email } : {}),
      ...(from.name ? { displayName: from.name } : {}),
    });
  }
}
