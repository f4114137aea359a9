import { escapeHtml } from './html-escape.ts';

/** Markup built by {@link html}; the only kind of value `html` inserts unescaped. */
export class SafeHtml {
  readonly value: string;

  /** Use the {@link html} template instead; only it constructs these. */
  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into {@link html}: text (escaped), numbers, markup, lists of those, or nothing. */
export type HtmlValue = SafeHtml | string | number | undefined | null | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The way to build markup (the console's and step-up's pages): the template's literal parts are trusted,
 * every interpolated string or number is HTML-escaped, nested `html` results and arrays
 * of them are inserted as they are, and `undefined`/`null`/`false` insert nothing. Put
 * interpolations only in element content or double-quoted attribute values.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}
