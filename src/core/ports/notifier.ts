import type { RequestRecord } from '../lifecycle/request-record.ts';

/**
 * Tells people about a request: posts or updates every copy of its card, adds the
 * thread line for its latest event, DMs the requester. One implementation per chat
 * surface; the composition root fans out to every configured surface. Must be
 * idempotent for the same record version (the `notify` job may run twice).
 */
export interface Notifier {
  /** The request reached `record.version`; bring every message about it up to date. */
  requestChanged(record: RequestRecord): Promise<void>;
  /** The grant of `record` ends soon; remind the grantee, with Extend and Revoke. */
  grantExpiringSoon(record: RequestRecord): Promise<void>;
  /** `record` still waits for a decision; nudge its approvers where its card is (without posting it again). */
  remindApprovers(record: RequestRecord): Promise<void>;
}

/** Fans one notification out to several surfaces; one surface failing does not stop the others, but is reported. */
export function fanOutNotifier(notifiers: readonly Notifier[]): Notifier {
  const all = async (call: (n: Notifier) => Promise<void>): Promise<void> => {
    const results = await Promise.allSettled(notifiers.map(call));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0)
      throw new AggregateError(
        failed.map((f) => f.reason as unknown),
        'a notifier failed',
      );
  };
  return {
    requestChanged: (record) => all((n) => n.requestChanged(record)),
    grantExpiringSoon: (record) => all((n) => n.grantExpiringSoon(record)),
    remindApprovers: (record) => all((n) => n.remindApprovers(record)),
  };
}
