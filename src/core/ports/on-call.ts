import { CountersignError } from '../errors.ts';
import {
  describeOnCall,
  providerName,
  type OnCallProvider,
  type OnCallTarget,
} from '../policy/on-call-target.ts';

/** One person an on-call service says is on call: its own user identifier, and its email when it gave one. */
export interface OnCallUser {
  /** PagerDuty user ID (e.g. `PXYZ123`), or Opsgenie username. */
  readonly id: string;
  readonly email?: string;
}

/** Who is on call for a target, as the service answered at `checkedAt`. */
export interface OnCallRoster {
  readonly target: OnCallTarget;
  readonly users: readonly OnCallUser[];
  /** When the service was asked (ms since the epoch); a cached answer keeps its time. */
  readonly checkedAt: number;
}

/**
 * Asks an on-call service (PagerDuty, Opsgenie) who is on call now. Fails with
 * {@link OnCallUnavailableError} rather than guessing: callers treat that as "nobody".
 */
export interface OnCallPort {
  onCallNow(target: OnCallTarget): Promise<OnCallRoster>;
}

/**
 * The on-call service could not say who is on call: not configured, unreachable, too
 * slow, refused the credentials (401/403), rate-limited (429), failed (5xx), or
 * answered something unreadable. `problem` says which, for people to read.
 */
export class OnCallUnavailableError extends CountersignError {
  readonly provider: OnCallProvider;
  readonly target: OnCallTarget;
  readonly problem: string;

  constructor(target: OnCallTarget, problem: string, options?: ErrorOptions) {
    super('on_call_unavailable', `${describeOnCall(target)} could not be checked: ${problem}`, options);
    this.provider = target.provider;
    this.target = target;
    this.problem = problem;
  }
}

/** An on-call port for a deployment with no on-call service configured: every question fails closed. */
export const noOnCallService: OnCallPort = {
  onCallNow: (target) =>
    Promise.reject(
      new OnCallUnavailableError(
        target,
        `${providerName(target.provider)} is not configured (set ${target.provider === 'pagerduty' ? 'PAGERDUTY_API_TOKEN' : 'OPSGENIE_API_KEY'})`,
      ),
    ),
};
