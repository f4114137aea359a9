import { CONSOLE_PATHS } from '../../console-paths.ts';
import { html, type HtmlValue } from '../../../http/safe-html.ts';
import type { PageContent } from './layout.ts';

/** A page that only says something (not found, sign-in failed, unknown identity), with a way on. */
export function messagePage(
  title: string,
  text: string,
  link: { href: string; label: string } = { href: CONSOLE_PATHS.home, label: 'Back to the console' },
): PageContent {
  const body: HtmlValue = html`<p class="message">${text}</p>
    <p><a href="${link.href}">${link.label}</a></p>`;
  return { title, nav: 'none', body };
}
