import type { ApprovalCard, CardAction } from '../../../core/cards/approval-card.ts';
import { ceilToSecond, formatCardTime } from '../../../core/cards/format-time.ts';
import { plainText } from '../../../core/cards/person-text.ts';
import { fullChangeLabel } from '../../../core/changes/full-change.ts';
import { CARD_ACTION_FIELDS } from '../../../core/conversation/card-action-fields.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { formField } from './form-field.ts';
import { FULL_CHANGE_ANCHOR } from './render-full-change.ts';
import { html, type SafeHtml } from '../../http/safe-html.ts';

/** What a card needs besides itself: the session's CSRF token for its buttons. */
export interface CardRenderOptions {
  readonly csrfToken: string;
  /** Buttons the page adds for this viewer (Cancel for the requester), after the card's own. */
  readonly extraActions?: readonly CardAction[];
}

/**
 * The neutral {@link ApprovalCard} as HTML, as Slack and Teams draw it, every text
 * escaped: one POST form per action carries only the request ID (in the path), the CSRF
 * token and what the action asks (a deny's reason, an extension's duration).
 */
export function renderCard(card: ApprovalCard, options: CardRenderOptions): SafeHtml {
  const actions = [...card.actions, ...(options.extraActions ?? [])];
  const fullChangeHref = `${CONSOLE_PATHS.request(card.requestId)}#${FULL_CHANGE_ANCHOR}`;
  return html`<article
    class="card tone-${card.status.tone}"
    id="card-${card.requestId}"
    data-request-id="${card.requestId}"
    data-version="${card.version}"
    data-state="${card.state}"
  >
    <header class="card-head">
      <h2 class="card-title"><a href="${CONSOLE_PATHS.request(card.requestId)}">${card.title}</a></h2>
      <span class="status tone-${card.status.tone}">${card.status.label}</span>
    </header>
    <p class="card-id">${card.requestId}</p>
    <dl class="facts">
      ${card.facts.map(
        (f) =>
          html`<div class="fact">
            <dt>${f.label}</dt>
            <dd>${f.time ? html`${timeHtml(f.time.at)}${f.time.rest}` : f.value}</dd>
          </div>`,
      )}
    </dl>
    ${
      card.preview.length > 0
        ? html`<section class="preview">
            <h3>Dry run</h3>
            <ul>
              ${card.preview.map((line) => html`<li>${line}</li>`)}
            </ul>
          </section>`
        : ''
    }
    ${
      card.change
        ? html`<p class="change-notice">
            ${card.change.notice}:
            <a href="${fullChangeHref}">${fullChangeLabel(card.change.full)}</a>
          </p>`
        : ''
    }
    ${card.progress !== undefined ? html`<p class="progress">${card.progress}</p>` : ''}
    ${card.matchedRules.length > 0 ? html`<p class="rules">Matched ${card.matchedRules.length === 1 ? 'rule' : 'rules'}: ${card.matchedRules.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r}</code>`)}</p>` : ''}
    ${
      card.notes.length > 0
        ? html`<ul class="notes">
            ${card.notes.map((n) => html`<li>${plainText(n)}</li>`)}
          </ul>`
        : ''
    }
    ${actions.length > 0 ? html`<div class="actions">${actions.map((a) => renderAction(a, options.csrfToken))}</div>` : ''}
  </article>`;
}

/** An instant as a `<time>` in UTC, which console.js rewrites in the reader's zone (never earlier than it is). */
export function timeHtml(at: number): SafeHtml {
  const shown = ceilToSecond(at);
  return html`<time datetime="${new Date(shown).toISOString()}" data-local>${formatCardTime(shown)}</time>`;
}

function renderAction(action: CardAction, csrfToken: string): SafeHtml {
  const button = html`<button type="submit" class="btn ${action.style}">${action.label}</button>`;
  const asks = action.asks && formField(CARD_ACTION_FIELDS[action.asks], { className: 'ask' });
  return html`<form
    method="post"
    action="${CONSOLE_PATHS.action(action.requestId, action.id)}"
    class="action action-${action.id}"
    data-fetch
  >
    <input type="hidden" name="_csrf" value="${csrfToken}" />${asks}${button}
  </form>`;
}
