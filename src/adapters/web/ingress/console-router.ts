import type { IncomingMessage, ServerResponse } from 'node:http';
import { CARD_ACTION_IDS } from '../../../core/cards/approval-card.ts';
import { UserFacingError } from '../../../core/errors.ts';
import type { Principal } from '../../../core/ports/identity.ts';
import type { ConsoleContext, ConsoleDeps } from '../console-deps.ts';
import { CONSOLE_PATHS } from '../console-paths.ts';
import { consolePrincipal } from './console-principal.ts';
import { checkCsrf } from '../../http/csrf.ts';
import { onCardAction } from './on-card-action.ts';
import { devLogin, logout, oidcCallback, oidcStart, showLogin } from './on-sign-in.ts';
import { onSubmit } from './on-submit.ts';
import { approvalsPage } from '../render/pages/approvals-page.ts';
import { auditPage } from '../render/pages/audit-page.ts';
import { grantsPage } from '../render/pages/grants-page.ts';
import type { PageContent } from '../render/pages/layout.ts';
import { messagePage } from '../render/pages/message-page.ts';
import { isLoopbackPeer } from '../../http/loopback-peer.ts';
import { minePage } from '../render/pages/mine-page.ts';
import { requestPage } from '../render/pages/request-page.ts';
import { sendPage } from '../render/pages/send-page.ts';
import { submitPage } from '../render/pages/submit-page.ts';
import { FormBodyError, readForm } from '../../http/read-form.ts';
import { redirect, sendJson, sendText, wantsJson } from '../../http/respond.ts';
import { setSecurityHeaders } from './security-headers.ts';
import type { StaticFiles } from './static-files.ts';

type SignedIn = (ctx: ConsoleContext, person: Principal) => Promise<void> | void;

const PAGES: Readonly<
  Record<string, (ctx: ConsoleContext, person: Principal) => Promise<PageContent> | PageContent>
> = {
  [CONSOLE_PATHS.submit]: (ctx) => submitPage(ctx),
  [CONSOLE_PATHS.mine]: minePage,
  [CONSOLE_PATHS.approvals]: approvalsPage,
  [CONSOLE_PATHS.grants]: grantsPage,
  [CONSOLE_PATHS.audit]: (ctx) => auditPage(ctx),
};

/**
 * The console's one HTTP handler, mounted at `/`: security headers on every answer,
 * the static script and stylesheet, a session for every visitor (anonymous until sign-in,
 * so even the sign-in form carries a CSRF token), the CSRF check before any POST is
 * looked at, the signed-in person resolved afresh, then the page or action. Only GET,
 * HEAD and POST are served. With dev users (no sign-in), a request whose peer is not
 * this machine, or that came through a proxy, is refused with 403.
 */
export function consoleRouter(deps: ConsoleDeps, files: StaticFiles) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res, deps.secure);
    if (deps.people.devUsers && !isLoopbackPeer(req)) {
      return sendText(
        res,
        403,
        'This console runs with dev users (no sign-in) and answers only this machine.',
      );
    }
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const method = req.method ?? 'GET';
    if ((method === 'GET' || method === 'HEAD') && files.serve(req, res, url.pathname)) return;

    let session = deps.sessions.read(req);
    let form: URLSearchParams | undefined;
    if (method === 'POST') {
      try {
        form = await readForm(req);
      } catch (error) {
        if (error instanceof FormBodyError) return sendText(res, error.status, error.message);
        throw error;
      }
      const token = form.get('_csrf') ?? headerValue(req.headers['x-csrf-token']);
      const verdict = checkCsrf(req, session, token, deps.origin);
      if (!verdict.ok) {
        deps.logger.warn(
          { path: url.pathname, origin: req.headers.origin, why: verdict.reason },
          'console refused a POST',
        );
        return sendText(
          res,
          403,
          'Refused: this request did not come from a Countersign console page. Reload the page and try again.',
        );
      }
    } else if (method !== 'GET' && method !== 'HEAD') {
      return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD, POST' });
    }
    if (!session) {
      session = deps.sessions.fresh();
      deps.sessions.write(res, session);
    }

    const base = { req, res, url, session, deps, ...(form ? { form } : {}) };
    let person: Principal | undefined;
    try {
      person = principalOf(deps, session.user);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      deps.sessions.write(res, deps.sessions.fresh());
      return sendPage(base, messagePage('Not known to Countersign', error.message), 403);
    }
    const ctx: ConsoleContext = { ...base, ...(person ? { person } : {}) };
    await dispatch(ctx, method === 'HEAD' ? 'GET' : method, url.pathname);
  };
}

function principalOf(deps: ConsoleDeps, user: ConsoleContext['session']['user']): Principal | undefined {
  if (!user) return undefined;
  if (user.kind === 'oidc' && user.issuer !== deps.oidc?.issuer) return undefined;
  return consolePrincipal(user, deps.people);
}

async function dispatch(ctx: ConsoleContext, method: string, path: string): Promise<void> {
  const signedIn = (handler: SignedIn): Promise<void> | void =>
    ctx.person ? handler(ctx, ctx.person) : needSignIn(ctx, path);
  if (method === 'GET') {
    if (path === CONSOLE_PATHS.home) return signedIn(() => redirect(ctx.res, CONSOLE_PATHS.mine));
    const page = PAGES[path];
    if (page) return signedIn(async (c, p) => sendPage(c, await page(c, p)));
    if (path === CONSOLE_PATHS.login) return showLogin(ctx);
    if (path === CONSOLE_PATHS.oidcStart) return oidcStart(ctx);
    if (path === CONSOLE_PATHS.oidcCallback) return oidcCallback(ctx);
    if (path === CONSOLE_PATHS.events) return signedIn((c) => c.deps.streams.attach(c.req, c.res));
    const id = requestIdIn(path, /^\/requests\/([^/]+)$/);
    if (id !== undefined) {
      return signedIn(async (c, p) => {
        const page = await requestPage(c, p, id);
        await sendPage(
          c,
          page ?? messagePage('No such request', `No request has the ID ${id}.`),
          page ? 200 : 404,
        );
      });
    }
  }
  if (method === 'POST') {
    if (path === CONSOLE_PATHS.submit) return signedIn(onSubmit);
    if (path === CONSOLE_PATHS.login) return devLogin(ctx);
    if (path === CONSOLE_PATHS.logout) return logout(ctx);
    const id = requestIdIn(path, /^\/requests\/([^/]+)\/[a-z]+$/);
    const action = CARD_ACTION_IDS.find((a) => path.endsWith(`/${a}`));
    if (id !== undefined && action !== undefined) return signedIn((c, p) => onCardAction(c, p, id, action));
  }
  return sendPage(ctx, messagePage('Not found', 'There is no such page in the console.'), 404);
}

function needSignIn(ctx: ConsoleContext, path: string): void {
  if (ctx.req.method === 'POST' || path === CONSOLE_PATHS.events) {
    if (wantsJson(ctx.req) || path === CONSOLE_PATHS.events) {
      return sendJson(ctx.res, 401, {
        ok: false,
        message: 'Your session ended. Sign in again.',
        location: CONSOLE_PATHS.login,
      });
    }
    return redirect(ctx.res, CONSOLE_PATHS.login);
  }
  const next = `${path}${ctx.url.search}`;
  redirect(ctx.res, `${CONSOLE_PATHS.login}?next=${encodeURIComponent(next)}`);
}

function requestIdIn(path: string, pattern: RegExp): string | undefined {
  const raw = pattern.exec(path)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
