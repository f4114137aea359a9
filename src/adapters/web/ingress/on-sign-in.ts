import { securityEvents } from '../../../core/audit/security-events.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { ConsoleContext } from '../console-deps.ts';
import { consolePrincipal } from './console-principal.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { loginPage } from '../render/pages/login-page.ts';
import { messagePage } from '../render/pages/message-page.ts';
import { sendHtml, sendPage } from '../render/pages/send-page.ts';
import { renderSignedInPage } from '../render/pages/signed-in-page.ts';
import { redirect, safeReturnPath } from '../../http/respond.ts';
import type { SessionUser } from './session.ts';
import { userMessage } from '../render/user-message.ts';

/** `GET /login`: the sign-in page, or straight on for someone already signed in. */
export async function showLogin(ctx: ConsoleContext): Promise<void> {
  const next = safeReturnPath(ctx.url.searchParams.get('next'));
  if (ctx.person) return redirect(ctx.res, next);
  await sendPage(ctx, loginPage(ctx, next));
}

/** `POST /login` in dev-users mode (else 404): becomes the chosen listed user in a fresh session. */
export async function devLogin(ctx: ConsoleContext): Promise<void> {
  const devUsers = ctx.deps.people.devUsers;
  const username = ctx.form?.get('username') ?? '';
  const next = safeReturnPath(ctx.form?.get('next'));
  if (devUsers === undefined) return notAvailable(ctx, 'Dev users are not enabled on this console.');
  if (!devUsers.some((u) => u.username === username)) return sendPage(ctx, loginPage(ctx, next), 422);
  await signIn(ctx, { kind: 'dev', username }, 'dev-users', username);
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
    await signIn(ctx, { kind: 'oidc', ...identity }, identity.issuer, identity.subject);
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

/** A fresh session for `user` (new ID and CSRF token) and the `signed-in` audit event, `unmapped` for a person the identity rules do not know. */
async function signIn(
  ctx: ConsoleContext,
  user: SessionUser,
  issuer: string,
  subject: string,
): Promise<void> {
  ctx.deps.sessions.write(ctx.res, ctx.deps.sessions.fresh(user));
  ctx.deps.logger.info({ issuer, subject }, 'console sign-in');
  let person: Principal | undefined;
  try {
    person = consolePrincipal(user, ctx.deps.people);
  } catch {
    person = undefined;
  }
  const { audit, clock } = ctx.deps.workflow;
  await audit.append([securityEvents.signedIn(clock.now(), person, { issuer, subject })]);
}
