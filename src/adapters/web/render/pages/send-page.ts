import type { ServerResponse } from 'node:http';
import { personLists } from '../../../../core/conversation/person-lists.ts';
import type { ConsoleContext } from '../../console-deps.ts';
import type { SafeHtml } from '../../../http/safe-html.ts';
import { renderLayout, type PageContent } from './layout.ts';

/** Renders a page in the shell for this session (flash taken, approvals badge counted) and sends it. */
export async function sendPage(ctx: ConsoleContext, page: PageContent, status = 200): Promise<void> {
  const person = ctx.person;
  const pendingCount = person ? (await personLists(ctx.deps.workflow, person)).needsYou.length : undefined;
  const flash = ctx.deps.flash.take(ctx.req, ctx.res);
  sendHtml(
    ctx.res,
    status,
    renderLayout(page, {
      csrfToken: ctx.session.csrf,
      devMode: ctx.deps.people.devUsers !== undefined,
      ...(person ? { person } : {}),
      ...(flash ? { flash } : {}),
      ...(pendingCount !== undefined ? { pendingCount } : {}),
    }),
  );
}

/** Sends a page; console pages are never cached (they show who is signed in and live state). */
export function sendHtml(res: ServerResponse, status: number, page: SafeHtml): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page.value);
}
