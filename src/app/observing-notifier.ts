import type { Metrics } from '../adapters/metrics/metrics.ts';
import type { Notifier } from '../core/ports/notifier.ts';

/**
 * Feeds every request change to the metrics before passing it on to the chat
 * surfaces, so the `notify` job (one per record version) is the single place
 * outcomes and latencies are counted.
 */
export function observingNotifier(metrics: Metrics, inner: Notifier): Notifier {
  return {
    async requestChanged(record) {
      metrics.observeRecord(record);
      await inner.requestChanged(record);
    },
    grantExpiringSoon: (record) => inner.grantExpiringSoon(record),
    remindApprovers: (record) => inner.remindApprovers(record),
  };
}
