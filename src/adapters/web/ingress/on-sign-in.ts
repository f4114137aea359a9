import { securityEvents } from '../../../core/audit/security-events.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { ConsoleContext } from '../console-deps.ts';
import { consolePrincipal } from './console-principal.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { loginPage } from '../render/pages/login-page.ts';
import { messagePage } from '../render/pages/message-page.ts';
import { sendPage } from '../render/pages/send-page.ts';
import { renderSignedInPage } from '../render/pages/signed-in-page.ts';
import { redirect, safeReturnPath } from '../../http/respond.ts';
import { sendHtml } from '../render/pages/send-page.ts';
import type { SessionUser } from './session.ts';
import { userMessage } from '../render/user-message.ts';

/** `GET /login`: the sign-in page, or straight on for someone already signed in. */
export async function showLogin(ctx: ConsoleContext): Promise<void> {
  const next = safeReturnPath(ctx.url.searchParams.get('next'));
  if (ctx.person) {
    redirect(ctx.res, next);
    return;
  }
  await sendPage(ctx, loginPage(ctx, next));
}

/**
 * `POST /login` in dev-users mode: becomes the chosen sandbox user, with a fresh
 * session ID and CSRF token. Refused (404) when dev users are off; an unlisted name
 * is refused with the page again.
 */
export async function devLogin(ctx: ConsoleContext): Promise<void> {
  const devUsers = ctx.deps.people.devUsers;
  const username = ctx.form?.get('username') ?? '';
  const next = safeReturnPath(ctx.form?.get('next'));
  if (devUsers === undefined) return notAvailable(ctx, 'Dev users are not enabled on this console.');
  if (!devUsers.some((u) => u.username === username)) {
    await sendPage(ctx, loginPage(ctx, next), 422);
    return;
  }
  ctx.deps.sessions.write(ctx.res, ctx.deps.sessions.fresh({ kind: 'dev', username }));
  ctx.deps.logger.info({ user: username }, 'console dev user signed in');
  const person = consolePrincipal({ kind: 'dev', username }, ctx.deps.people);
  await auditSignIn(ctx, person, { issuer: 'dev-users', subject: username });
  redirect(ctx.res, next);
}

/** `POST /logout`: replaces the session with a fresh anonymous one and goes to the sign-in page. */
export function logout(ctx: ConsoleContext): void {
  ctx.deps.sessions.write(ctx.res, ctx.deps.sessions.fresh());
  redirect(ctx.res, CONSOLE_PATHS.login);
}

/** `GET /auth/login`: starts OpenID Connect sign-in (404 when OIDC is not configured). */
export async function oidcStart(ctx: ConsoleContext): Promise<void> {
  const oidc = ctx.deps.oidc;
  if (!oidc) return notAvailable(ctx, OIDC_OFF);
  await oidc.begin(ctx.res, safeReturnPath(ctx.url.searchParams.get('next')));
}

/** `GET /auth/callback`: finishes OpenID Connect sign-in into a fresh session, then moves on by a same-site hop. */
export async function oidcCallback(ctx: ConsoleContext): Promise<void> {
  const oidc = ctx.deps.oidc;
  if (!oidc) return notAvailable(ctx, OIDC_OFF);
  try {
    const { identity, returnTo } = await oidc.complete(ctx.req, ctx.res);
    const user: SessionUser = { kind: 'oidc', ...identity };
    ctx.deps.sessions.write(ctx.res, ctx.deps.sessions.fresh(user));
    ctx.deps.logger.info({ subject: user.subject }, 'console OIDC sign-in');
    await auditSignIn(ctx, knownPerson(ctx, user), { issuer: user.issuer, subject: user.subject });
    sendHtml(ctx.res, 200, renderSignedInPage(returnTo));
  } catch (error) {
    const link = { href: CONSOLE_PATHS.login, label: 'Sign in again' };
    await sendPage(ctx, messagePage('Sign-in failed', userMessage(error, ctx.deps.logger), link), 400);
  }
}

const OIDC_OFF = 'OpenID Connect sign-in is not configured.';

function notAvailable(ctx: ConsoleContext, why: string): Promise<void> {
  return sendPage(ctx, messagePage('Not available', why), 404);
}

/** The person the identity rules make of an OIDC subject, or undefined (`unmapped` in the audit) when they know none. */
function knownPerson(ctx: ConsoleContext, user: SessionUser): Principal | undefined {
  try {
    return consolePrincipal(user, ctx.deps.people);
  } catch {
    return undefined;
  }
}

/**
 * Appends the `signed-in` audit event: issuer and subject, and the Kubernetes username
 * when the person is known (`unmapped` when not: the sign-in happened, even if the
 * person can do nothing).
 */
async function auditSignIn(
  ctx: ConsoleContext,
  person: Principal | undefined,
  who: { issuer: string; subject: string },
): Promise<void> {
  await ctx.deps.workflow.audit.append([securityEvents.signedIn(ctx.deps.workflow.clock.now(), person, who)]);
}
