import type { FormChoice } from '../../../core/conversation/request-form-choices.ts';
import type { FormFieldLayout } from '../../../core/conversation/request-form-layout.ts';
import { html, type HtmlValue, type SafeHtml } from '../../http/safe-html.ts';

/**
 * One field of a core form layout as HTML, named by its ID: radios, a select, a text box
 * (choices as suggestions where they are only that, or a select has none), a textarea, a
 * number, or its `noChoices` note. `required` marks a box or radios, never a select.
 */
export function formField(
  f: FormFieldLayout,
  {
    required = f.required,
    className = 'field',
  }: { readonly required?: boolean; readonly className?: string } = {},
): SafeHtml {
  const label = f.scope === undefined ? f.label : `${f.label} (${f.scope})`;
  const choices = f.choices ?? [];
  const attrs = html`name="${f.id}"${required && html` required`}`;
  const mark = (c: FormChoice, word: string): HtmlValue => c.value === f.initial && html` ${word}`;
  if (f.input === 'radio') {
    return html`<fieldset>
      <legend>${label}</legend>
      ${choices.map((c) => html`<label><input type="radio" ${attrs} value="${c.value}" ${mark(c, 'checked')} /> ${c.title}</label>`)}
    </fieldset>`;
  }
  if (choices.length === 0 && f.noChoices !== undefined)
    return html`<p class="${className}">${f.noChoices}</p>`;
  const list = f.suggestions === true && choices.length > 0 && `${f.id}s`;
  const typed = html`${attrs}${f.maxLength !== undefined && html` maxlength="${f.maxLength}"`}
  autocomplete="off" placeholder="${f.input === 'select' ? '' : (f.placeholder ?? '')}"`;
  const control =
    f.input === 'select' && !list && choices.length > 0
      ? html`<select name="${f.id}">
          ${choices.map((c) => html`<option value="${c.value}" ${mark(c, 'selected')}>${c.title}</option>`)}
        </select>`
      : f.input === 'multiline'
        ? html`<textarea ${typed} rows="3">${f.initial ?? ''}</textarea>`
        : html`<input
            ${typed}
            type="${f.input === 'number' ? 'number' : 'text'}"
            value="${f.initial ?? ''}"
            ${list && html` list="${list}"`}
          />`;
  return html`<label class="${className}"
    >${label}${control}${f.scope === undefined && f.hint !== undefined && html`<small>${f.hint}</small>`}${list && html`<datalist id="${list}">${choices.map((c) => html`<option value="${c.value}"></option>`)}</datalist>`}</label
  >`;
}
