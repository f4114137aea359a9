import type { Clock } from '../../core/ports/clock.ts';
import { noOnCallService, type OnCallPort, type OnCallRoster } from '../../core/ports/on-call.ts';
import { onCallKey, type OnCallTarget } from '../../core/policy/on-call-target.ts';
import { opsgenieOnCall, type OpsgenieSettings } from './opsgenie-on-call.ts';
import { pagerDutyOnCall, type PagerDutySettings } from './pagerduty-on-call.ts';

/** The on-call services configured, and how long an answer is reused. */
export interface OnCallSettings {
  readonly pagerduty?: PagerDutySettings;
  readonly opsgenie?: OpsgenieSettings;
  /** How long one schedule's answer is reused, ms. */
  readonly cacheTtlMs: number;
}

/**
 * The {@link OnCallPort} of a process: asks PagerDuty or Opsgenie, whichever a target
 * names, and reuses an answer for `cacheTtlMs` per schedule (by the injected clock);
 * concurrent questions about one schedule share one request. Failures are not cached,
 * so the next click asks again; a service that is not configured fails closed.
 */
export class CachedOnCall implements OnCallPort {
  private readonly answers = new Map<string, { roster: OnCallRoster; until: number }>();
  private readonly inFlight = new Map<string, Promise<OnCallRoster>>();

  constructor(
    private readonly settings: OnCallSettings,
    private readonly clock: Clock,
  ) {}

  onCallNow(target: OnCallTarget): Promise<OnCallRoster> {
    const key = onCallKey(target);
    const cached = this.answers.get(key);
    if (cached && this.clock.now() < cached.until) return Promise.resolve(cached.roster);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const asked = this.ask(target)
      .then((roster) => {
        this.answers.set(key, { roster, until: this.clock.now() + this.settings.cacheTtlMs });
        return roster;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, asked);
    return asked;
  }

  private ask(target: OnCallTarget): Promise<OnCallRoster> {
    if (target.provider === 'pagerduty') {
      const settings = this.settings.pagerduty;
      return settings ? pagerDutyOnCall(settings, target, this.clock) : noOnCallService.onCallNow(target);
    }
    const settings = this.settings.opsgenie;
    return settings ? opsgenieOnCall(settings, target, this.clock) : noOnCallService.onCallNow(target);
  }
}
