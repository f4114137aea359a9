import type { IncomingMessage, ServerResponse } from 'node:http';
import { CARD_ACTION_IDS, type CardAction } from '../../../core/cards/approval-card.ts';
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
import { grantsPage } from '../render/pages/grants-page.ts';
import { minePage } from '../render/pages/mine-page.ts';
import { auditPage } from '../render/pages/audit-page.ts';
import type { PageContent } from '../render/pages/layout.ts';
import { messagePage } from '../render/pages/message-page.ts';
import { isLoopbackPeer } from '../../http/loopback-peer.ts';
import { requestPage } from '../render/pages/request-page.ts';
import { sendPage } from '../render/pages/send-page.ts';
import { submitPage } from '../render/pages/submit-page.ts';
import { FormBodyError, readForm } from '../../http/read-form.ts';
import { redirect, sendJson, sendText, wantsJson } from '../../http/respond.ts';
import { setSecurityHeaders } from './security-headers.ts';
import type { StaticFiles } from './static-files.ts';

type Handler = (ctx: ConsoleContext) => Promise<void> | void;
type SignedIn = (ctx: ConsoleContext, person: Principal) => Promise<void> | void;

const signedIn =
  (handler: SignedIn): Handler =>
  (ctx) =>
    ctx.person ? handler(ctx, ctx.person) : needSignIn(ctx);
const page = (build: (ctx: ConsoleContext, person: Principal) => Promise<PageContent>): Handler =>
  signedIn(async (ctx, person) => sendPage(ctx, await build(ctx, person)));

const ROUTES: Readonly<Record<string, Handler>> = {
  [`GET ${CONSOLE_PATHS.home}`]: signedIn((ctx) => redirect(ctx.res, CONSOLE_PATHS.mine)),
  [`GET ${CONSOLE_PATHS.submit}`]: page((ctx) => submitPage(ctx)),
  [`GET ${CONSOLE_PATHS.mine}`]: page(minePage),
  [`GET ${CONSOLE_PATHS.approvals}`]: page(approvalsPage),
  [`GET ${CONSOLE_PATHS.grants}`]: page(grantsPage),
  [`GET ${CONSOLE_PATHS.audit}`]: page(auditPage),
  [`GET ${CONSOLE_PATHS.login}`]: showLogin,
  [`GET ${CONSOLE_PATHS.oidcStart}`]: oidcStart,
  [`GET ${CONSOLE_PATHS.oidcCallback}`]: oidcCallback,
  [`GET ${CONSOLE_PATHS.events}`]: signedIn((ctx) => ctx.deps.streams.attach(ctx.req, ctx.res)),
  [`POST ${CONSOLE_PATHS.submit}`]: signedIn(onSubmit),
  [`POST ${CONSOLE_PATHS.login}`]: devLogin,
  [`POST ${CONSOLE_PATHS.logout}`]: logout,
};

/**
 * The console's one HTTP handler, mounted at `/`: security headers, the static files, a
 * session for every visitor (so even the sign-in form carries a CSRF token), the CSRF
 * check before any POST is looked at, the person resolved afresh, then the page or
 * action. Only GET, HEAD and POST are served; with dev users, only this machine.
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
      const token = form.get('_csrf') ?? [req.headers['x-csrf-token']].flat()[0];
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
      const user = session.user;
      const known = user && (user.kind === 'dev' || user.issuer === deps.oidc?.issuer);
      person = known ? consolePrincipal(user, deps.people) : undefined;
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      deps.sessions.write(res, deps.sessions.fresh());
      return sendPage(base, messagePage('Not known to Countersign', error.message), 403);
    }
    const ctx: ConsoleContext = { ...base, ...(person ? { person } : {}) };
    const route =
      ROUTES[`${method === 'HEAD' ? 'GET' : method} ${url.pathname}`] ?? requestRoute(method, url.pathname);
    await (route ?? notFound)(ctx);
  };
}

/** `GET /requests/:id` (its page) or `POST /requests/:id/:action` (a card button). */
function requestRoute(method: string, path: string): Handler | undefined {
  const [, raw, action] = /^\/requests\/([^/]+)(?:\/([a-z]+))?$/.exec(path) ?? [];
  let id: string;
  try {
    id = decodeURIComponent(raw ?? '');
  } catch {
    return undefined;
  }
  if (id === '') return undefined;
  if (action === undefined && method !== 'POST') {
    return signedIn(async (ctx, person) => {
      const shown = await requestPage(ctx, person, id);
      const missing = messagePage('No such request', `No request has the ID ${id}.`);
      await sendPage(ctx, shown ?? missing, shown ? 200 : 404);
    });
  }
  const known = CARD_ACTION_IDS.find((a): a is CardAction['id'] => a === action);
  if (method !== 'POST' || known === undefined) return undefined;
  return signedIn((ctx, person) => onCardAction(ctx, person, id, known));
}

function notFound(ctx: ConsoleContext): Promise<void> {
  return sendPage(ctx, messagePage('Not found', 'There is no such page in the console.'), 404);
}

function needSignIn(ctx: ConsoleContext): void {
  const { pathname, search } = ctx.url;
  const post = ctx.req.method === 'POST';
  if (pathname === CONSOLE_PATHS.events || (post && wantsJson(ctx.req))) {
    const message = 'Your session ended. Sign in again.';
    return sendJson(ctx.res, 401, { ok: false, message, location: CONSOLE_PATHS.login });
  }
  redirect(
    ctx.res,
    post ? CONSOLE_PATHS.login : `${CONSOLE_PATHS.login}?next=${encodeURIComponent(pathname + search)}`,
  );
}
