import type { AuditSink } from '../ports/audit-sink.ts';
import type { Clock } from '../ports/clock.ts';
import type { Log } from '../ports/log.ts';
import type { AuditEventOf } from './audit-event.ts';
import { UNMAPPED_ACTOR } from './security-events.ts';

/** A chat delivery refused because it came from a tenant or workspace this Countersign does not serve. */
export interface ForeignRefusal {
  readonly platform: 'slack' | 'teams';
  /** The foreign IDs the delivery named: Teams tenant IDs, or Slack team / enterprise / user's team. */
  readonly origin: Readonly<Record<string, string | readonly string[]>>;
  /** The sender's platform user ID (Entra object ID, Slack user ID), when the delivery named one. */
  readonly userId?: string;
}

/** How many refusals of one origin and sender are audited: the first in each window. */
const DEFAULT_WINDOW_MS = 10 * 60_000;
/** How many distinct origin-and-sender pairs are tracked per window; more are counted as one. */
const DEFAULT_MAX_KEYS = 500;
const OVERFLOW_KEY = '*';

/**
 * Audits refusals of foreign tenants and workspaces as `refused` events (action
 * `deliver`, code `foreign_tenant` / `foreign_workspace`, the platform, the foreign
 * IDs and the sender's platform ID), deduplicated so a flood cannot fill the audit
 * chain: per origin and sender, the first refusal in each window (10 min) is audited
 * and the rest are counted into the next one's `suppressed`; beyond 500 distinct
 * origin-and-sender pairs in a window, the rest share one entry. So at most 501
 * events per window per process, whatever arrives; every refusal is still logged by the
 * surface. State is per process (each replica dedupes on its own).
 */
export class ForeignRefusalAudit {
  private readonly seen = new Map<string, { since: number; suppressed: number }>();

  constructor(
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly options: { windowMs?: number; maxKeys?: number } = {},
  ) {}

  /** Appends the refusal unless one like it was audited in this window; a failed append is logged, never thrown. */
  async record(refusal: ForeignRefusal): Promise<void> {
    const now = this.clock.now();
    const suppressed = this.admit(keyOf(refusal), now);
    if (suppressed === undefined) return;
    await this.audit
      .append([foreignRefusalEvent(now, refusal, suppressed)])
      .then(() => undefined)
      .catch((error: unknown) =>
        this.log.warn({ err: error, platform: refusal.platform }, 'a foreign refusal could not be audited'),
      );
  }

  /**
   * Undefined when the key was audited within the window (now counted as suppressed);
   * otherwise how many like it were suppressed since its last audited one (plus those of
   * pairs forgotten to make room, so no count is lost).
   */
  private admit(key: string, now: number): number | undefined {
    const windowMs = this.options.windowMs ?? DEFAULT_WINDOW_MS;
    const maxKeys = this.options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!this.seen.has(key) && this.seen.size >= maxKeys) {
      for (const [k, old] of this.seen) {
        if (now - old.since >= windowMs) {
          this.forgotten += old.suppressed;
          this.seen.delete(k);
        }
      }
    }
    const tracked = this.seen.has(key) || this.seen.size < maxKeys ? key : OVERFLOW_KEY;
    const entry = this.seen.get(tracked);
    if (entry && now - entry.since < windowMs) {
      entry.suppressed++;
      return undefined;
    }
    const suppressed = (entry?.suppressed ?? 0) + this.forgotten;
    this.forgotten = 0;
    this.seen.set(tracked, { since: now, suppressed: 0 });
    return suppressed;
  }

  private forgotten = 0;
}

function keyOf(refusal: ForeignRefusal): string {
  return JSON.stringify([refusal.platform, refusal.origin, refusal.userId ?? '']);
}

/** The `refused` event of one foreign delivery. */
export function foreignRefusalEvent(
  at: number,
  refusal: ForeignRefusal,
  suppressed: number,
): AuditEventOf<'refused'> {
  const tenant = refusal.platform === 'teams';
  return {
    type: 'refused',
    requestId: '',
    at: new Date(at).toISOString(),
    actor: UNMAPPED_ACTOR,
    ...(refusal.userId === undefined
      ? {}
      : { actorId: { platform: refusal.platform, userId: refusal.userId } }),
    details: {
      action: 'deliver',
      code: tenant ? 'foreign_tenant' : 'foreign_workspace',
      reason: tenant
        ? 'Teams activity from a tenant not in TEAMS_ALLOWED_TENANTS'
        : 'Slack delivery from a workspace not in SLACK_ALLOWED_WORKSPACES',
      platform: refusal.platform,
      origin: Object.fromEntries(
        Object.entries(refusal.origin).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
      ),
      ...(suppressed > 0 ? { suppressed } : {}),
    },
  };
}
