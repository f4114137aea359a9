import { personName } from '../../../../core/cards/person-name.ts';
import type { Principal } from '../../../../core/ports/identity.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import type { FlashMessage } from '../../ingress/flash.ts';
import { html, type HtmlValue, type SafeHtml } from '../../../http/safe-html.ts';

/** Which navigation entry a page belongs to. */
export type NavEntry = 'submit' | 'mine' | 'approvals' | 'grants' | 'audit' | 'none';

/** Everything the page shell needs besides the page's own content. */
export interface LayoutContext {
  readonly csrfToken: string;
  readonly person?: Principal;
  /** Dev-users mode: shows the warning banner on every page. */
  readonly devMode: boolean;
  readonly flash?: FlashMessage;
  /** Pending approvals waiting for this person, shown next to the navigation entry. */
  readonly pendingCount?: number;
}

/** One page: its title, navigation entry, content, and which request changes refresh it (`*` for any). */
export interface PageContent {
  readonly title: string;
  readonly nav: NavEntry;
  readonly body: HtmlValue;
  /** `*` refreshes on any request change, a request ID on that request's only, absent never. */
  readonly watch?: string;
}

const NAV: readonly { entry: NavEntry; label: string; href: string }[] = [
  { entry: 'submit', label: 'New request', href: CONSOLE_PATHS.submit },
  { entry: 'mine', label: 'My requests', href: CONSOLE_PATHS.mine },
  { entry: 'approvals', label: 'Approvals', href: CONSOLE_PATHS.approvals },
  { entry: 'grants', label: 'Grants', href: CONSOLE_PATHS.grants },
  { entry: 'audit', label: 'Audit', href: CONSOLE_PATHS.audit },
];

/** The warning every page shows in dev-users mode. */
export const DEV_BANNER_TEXT =
  'Dev users mode: no sign-in, anyone who can reach this address can act as any sandbox user. For a local sandbox only; use OpenID Connect anywhere else.';

/**
 * The page shell: stylesheet, script, the CSRF token for its POSTs, the dev-mode banner,
 * navigation with the person and sign-out, the flash, and a live `<main>` console.js swaps.
 */
export function renderLayout(page: PageContent, ctx: LayoutContext): SafeHtml {
  const who = ctx.person;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrfToken}">
<title>${page.title} · Countersign</title>
<link rel="stylesheet" href="${CONSOLE_PATHS.styles}">
<script src="${CONSOLE_PATHS.script}" defer></script>
</head>
<body${page.watch !== undefined ? html` data-watch="${page.watch}"` : ''}>
${ctx.devMode ? html`<div class="dev-banner" role="alert"><strong>Warning:</strong> ${DEV_BANNER_TEXT}</div>` : ''}
<header class="top">
<a class="brand" href="${CONSOLE_PATHS.home}">Countersign</a>
${
  who
    ? html`<nav id="nav" data-live>
          ${NAV.map((n) => html`<a href="${n.href}" ${n.entry === page.nav ? html` aria-current="page"` : ''}>${n.label}${n.entry === 'approvals' && ctx.pendingCount ? html` <span class="badge">${ctx.pendingCount}</span>` : ''}</a>`)}
        </nav>
        <div class="who">
          <span class="user" title="${who.groups.join(', ')}">${personName(who)}</span>
          <form method="post" action="${CONSOLE_PATHS.logout}" class="inline">
            <input type="hidden" name="_csrf" value="${ctx.csrfToken}" /><button
              type="submit"
              class="btn link"
            >
              ${ctx.devMode ? 'Switch user' : 'Sign out'}
            </button>
          </form>
        </div>`
    : ''
}
</header>
<div id="flash" class="flash${ctx.flash ? html` tone-${ctx.flash.tone}` : ''}" role="status" aria-live="polite">${ctx.flash?.text}</div>
<main id="main" data-live>
<h1>${page.title}</h1>
${page.body}
</main>
</body>
</html>
`;
}
