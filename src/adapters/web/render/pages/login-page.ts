import type { ConsoleContext } from '../../console-deps.ts';
import { CONSOLE_PATHS } from '../../console-paths.ts';
import { html } from '../../../http/safe-html.ts';
import type { PageContent } from './layout.ts';

/** Sign-in: a button per dev user, the identity provider's link, or what to configure. */
export function loginPage(ctx: ConsoleContext, returnTo: string): PageContent {
  const devUsers = ctx.deps.people.devUsers;
  const next = html`<input type="hidden" name="next" value="${returnTo}" />`;
  if (devUsers !== undefined) {
    const body = html`<p>
        Pick who to be. Open a second browser (or a private window) to be someone else at the same time.
      </p>
      <ul class="dev-users">
        ${devUsers.map(
          (u) =>
            html`<li>
              <form method="post" action="${CONSOLE_PATHS.login}">
                <input type="hidden" name="_csrf" value="${ctx.session.csrf}" />${next}<input
                  type="hidden"
                  name="username"
                  value="${u.username}"
                /><button type="submit" class="btn primary" data-user="${u.username}">
                  Continue as ${u.username}
                </button>
                <span class="muted"
                  >${u.groups.length > 0 ? `groups: ${u.groups.join(', ')}` : 'no groups'}</span
                >
              </form>
            </li>`,
        )}
      </ul>`;
    return { title: 'Choose a sandbox user', nav: 'none', body };
  }
  if (ctx.deps.oidc) {
    const href = `${CONSOLE_PATHS.oidcStart}?next=${encodeURIComponent(returnTo)}`;
    return {
      title: 'Sign in',
      nav: 'none',
      body: html`<p><a class="btn primary" href="${href}">Sign in with your identity provider</a></p>`,
    };
  }
  return {
    title: 'Sign-in is not configured',
    nav: 'none',
    body: html`<p>
      Set <code>OIDC_ISSUER_URL</code>, <code>OIDC_CLIENT_ID</code>, <code>OIDC_CLIENT_SECRET</code> and
      <code>SESSION_SECRET</code> to sign in with OpenID Connect, or, for a sandbox on a loopback address
      only, <code>COUNTERSIGN_DEV_USERS</code> (e.g. <code>alice=developers,bob=sre</code>).
    </p>`,
  };
}
