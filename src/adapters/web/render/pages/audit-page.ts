import type { AuditRecord } from '../../../../core/audit/audit-record.ts';
import { verifyChainAsync } from '../../../../core/audit/verify-chain.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { renderTimeline } from '../render-timeline.ts';
import { html } from '../../../http/safe-html.ts';
import type { PageContent } from './layout.ts';

/** How many of the newest audit records the overall timeline lists. */
export const AUDIT_PAGE_RECORDS = 200;

/**
 * The audit timeline: the whole chain verified as `countersign audit verify` does (linear
 * in its length at each visit), then the newest {@link AUDIT_PAGE_RECORDS} records, newest first.
 */
export async function auditPage(ctx: ConsoleContext): Promise<PageContent> {
  const newest: AuditRecord[] = [];
  async function* keepNewest(source: AsyncIterable<AuditRecord>): AsyncGenerator<AuditRecord> {
    for await (const record of source) {
      newest.push(record);
      if (newest.length > AUDIT_PAGE_RECORDS) newest.shift();
      yield record;
    }
  }
  const verdict = await verifyChainAsync(keepNewest(ctx.deps.workflow.audit.readAll()));
  const status = verdict.ok
    ? html`<p class="verify verify-ok" data-verify="ok">
        Chain verified: ${verdict.count} ${verdict.count === 1 ? 'record' : 'records'}, head
        <code>${verdict.headHash.slice(0, 16)}</code>…
      </p>`
    : html`<p class="verify verify-bad" data-verify="failed" role="alert">
        Chain verification FAILED at record ${verdict.position} (seq ${verdict.seq}): ${verdict.problem}
      </p>`;
  const shown = newest.slice().reverse();
  const body = html`${status}
    <section class="panel">
      <h2>
        ${shown.length < (verdict.ok ? verdict.count : 0) ? `Newest ${shown.length} events` : 'All events'},
        newest first
      </h2>
      ${renderTimeline(shown, { linkRequests: true })}
    </section>`;
  return { title: 'Audit', nav: 'audit', body, watch: '*' };
}
