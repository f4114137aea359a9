import type { Principal } from '../../../../core/ports/identity.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import { fullChangeOf } from '../../../../core/changes/full-change.ts';
import { requestHistory } from '../../../../core/conversation/request-history.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import { renderFullChange } from '../render-full-change.ts';
import { renderTimeline } from '../render-timeline.ts';
import { html } from '../../../http/safe-html.ts';
import { cardFor, cardViewer } from './card-for.ts';
import type { PageContent } from './layout.ts';

/** One request (undefined when no request has the ID): its card, a patch's full change, its audit timeline and the text as typed. */
export async function requestPage(
  ctx: ConsoleContext,
  person: Principal,
  requestId: string,
): Promise<PageContent | undefined> {
  const history = await requestHistory(ctx.deps, requestId);
  if (!history) return undefined;
  const { record, events } = history;
  const change = fullChangeOf(record);
  const body = html`${cardFor(record, cardViewer(ctx, person))} ${change ? renderFullChange(change) : ''}
    <section class="panel">
      <h2>Timeline</h2>
      ${renderTimeline(events, { linkRequests: false })}
      <p class="muted">
        Every line is a record of the hash-chained audit log;
        <a href="${CONSOLE_PATHS.audit}">verify the whole chain</a>.
      </p>
    </section>
    <section class="panel">
      <h2>As typed</h2>
      <pre class="typed">${record.text}</pre>
    </section>`;
  return { title: `Request ${record.id}`, nav: 'none', body, watch: record.id };
}
