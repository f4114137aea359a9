import type { Clock } from '../../core/ports/clock.ts';
import { noOnCallService, type OnCallPort, type OnCallRoster } from '../../core/ports/on-call.ts';
import { onCallKey, type OnCallTarget } from '../../core/policy/on-call-target.ts';
import { ExpiringCache } from '../cache/expiring-cache.ts';
import { opsgenieOnCall, type OpsgenieSettings } from './opsgenie-on-call.ts';
import { pagerDutyOnCall, type PagerDutySettings } from './pagerduty-on-call.ts';

/** How many schedules' answers are kept; policy names far fewer. */
const MAX_SCHEDULES = 1_000;

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
  private readonly answers: ExpiringCache<string, OnCallRoster>;

  constructor(
    private readonly settings: OnCallSettings,
    private readonly clock: Clock,
  ) {
    this.answers = new ExpiringCache({
      ttlMs: settings.cacheTtlMs,
      max: MAX_SCHEDULES,
      now: () => clock.now(),
    });
  }

  onCallNow(target: OnCallTarget): Promise<OnCallRoster> {
    return this.answers.get(onCallKey(target), () => this.ask(target));
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
