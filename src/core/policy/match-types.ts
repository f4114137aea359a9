import type { PolicyVerb, RequestOrigin } from '../requests/request-types.ts';

/** One resource-shaped facet of a request that rules are matched against. */
export interface MatchSubject {
  readonly verb: PolicyVerb;
  readonly cluster: string;
  /** `chat` for a `/k8s-request` on any surface, `kubectl` for a request through the proxy. */
  readonly origin: RequestOrigin;
  /** Absent for a cluster-scoped target or grant. */
  readonly namespace?: string;
  /** Canonical kind, e.g. `Deployment`; absent for a role grant or an unknown resource. */
  readonly kind?: string;
  /** Role name for `access role/NAME`. */
  readonly role?: string;
  /** For a grant of explicit rules: the one RBAC verb this subject asks for, e.g. `get`. */
  readonly accessVerb?: string;
  /** For a grant of explicit rules: the resource asked for, with its subresource, e.g. `pods/log`. */
  readonly resource?: string;
  /** How the subject reads in a "no rule matches" message, e.g. `delete Pod web-1`. */
  readonly describe: string;
}

/** Local weekday (0 = Sunday) and minute of the day in one time zone. */
export interface LocalTime {
  readonly day: number;
  readonly minute: number;
}

/** What policy knows of the requester's on-call shifts: `has(onCallKey)` is true when on call. */
export interface OnCallFacts {
  has(key: string): boolean;
}

/** Facts of one evaluation shared by every subject: who asks, when, about what object. */
export interface MatchContext {
  readonly username: string;
  readonly groups: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly breakGlass: boolean;
  /** The on-call targets (by `onCallKey`) the requester was found on call for; see `PolicyInput`. */
  readonly onCall: OnCallFacts;
  /** Local time in a zone, computed at most once per zone per evaluation. */
  localTime(timeZone: string): LocalTime;
}

/** A rule's compiled `match`: every present dimension must hold. */
export interface RuleMatcher {
  test(subject: MatchSubject, context: MatchContext): boolean;
}
