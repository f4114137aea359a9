import { fullChangeTitle, sentHeading, type FullChange } from '../../../core/changes/full-change.ts';
import { html, type SafeHtml } from '../../http/safe-html.ts';

/** The `id` of the full-change section on a request page; a card's "Show full change" links to it. */
export const FULL_CHANGE_ANCHOR = 'full-change';

/**
 * A request's whole change as escaped HTML: a patch's every changed path with whole old
 * and new values and the exact patch sent; a kubectl request's whole body as forwarded.
 */
export function renderFullChange(change: FullChange): SafeHtml {
  const count = change.paths.length === 1 ? '1 changed path' : `${change.paths.length} changed paths`;
  if (change.kind === 'api') {
    return html`<section class="panel full-change" id="${FULL_CHANGE_ANCHOR}">
      <h2>${fullChangeTitle(change)}</h2>
      <h3>${sentHeading(change)}</h3>
      <pre class="patch">${change.sent}</pre>
    </section>`;
  }
  return html`<section class="panel full-change" id="${FULL_CHANGE_ANCHOR}">
    <h2>Full change</h2>
    <p>${count}, each with its whole old and new value:</p>
    <table class="change-paths">
      <thead>
        <tr>
          <th>Path</th>
          <th>Was</th>
          <th>Now</th>
        </tr>
      </thead>
      <tbody>
        ${change.paths.map(
          (p) =>
            html`<tr>
              <td><code>${p.path}</code></td>
              <td><pre>${p.before}</pre></td>
              <td><pre>${p.after}</pre></td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h3>The patch Countersign sends, exactly as approved</h3>
    ${change.pinnedUid ? html`<p>Execution adds <code>metadata.uid: ${change.pinnedUid}</code>, so it applies to the approved object only.</p>` : ''}
    <pre class="patch">${change.sent}</pre>
  </section>`;
}
