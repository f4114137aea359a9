import type { IdentityRules } from '../../../core/identity/resolve-principal.ts';
import { resolvePrincipal } from '../../../core/identity/resolve-principal.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { SlackClient } from '../chat/slack-web-client.ts';
import { ExpiringCache } from '../../cache/expiring-cache.ts';

/** What users.info tells about a person, kept briefly. */
interface SlackProfile {
  readonly email?: string;
  readonly displayName?: string;
}

const CACHE_MS = 60_000;
const CACHE_LIMIT = 5_000;

/**
 * Turns a Slack user ID into a Kubernetes {@link Principal}: users.info's email and name
 * (cached for a minute) through the core's `resolvePrincipal` identity rules.
 */
export class SlackIdentity {
  private readonly profiles: ExpiringCache<string, SlackProfile>;

  constructor(
    private readonly client: SlackClient,
    private readonly rules: IdentityRules,
    now?: () => number,
  ) {
    this.profiles = new ExpiringCache({ ttlMs: CACHE_MS, max: CACHE_LIMIT, now });
  }

  /** The principal of Slack user `userId`, checked against the current identity rules. */
  async principalOf(userId: string): Promise<Principal> {
    const profile = await this.profiles.get(userId, () => this.profile(userId));
    return resolvePrincipal(this.rules, { platform: 'slack', userId, ...profile });
  }

  private async profile(userId: string): Promise<SlackProfile> {
    const answer = await this.client.users.info({ user: userId });
    const user = answer.user;
    const email = user?.deleted || user?.is_bot ? undefined : user?.profile?.email;
    const displayName = user?.real_name || user?.profile?.display_name || user?.name;
    return {
      ...(email ? { email } : {}),
      ...(displayName ? { displayName } : {}),
    };
  }
}
