import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { OidcConfig } from '../../config/config.ts';
import { securityEvents } from '../../core/audit/security-events.ts';
import { UserFacingError } from '../../core/errors.ts';
import type { IdentityRules } from '../../core/identity/resolve-principal.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { Route } from '../http/http-server.ts';
import { cookieValue } from '../http/signed-cookie.ts';
import { checkStepUpClaims } from './check-step-up-claims.ts';
import { completeIntent } from './complete-intent.ts';
import { LINK_TOKEN, type PendingStepUps, type StepUpFlow } from './pending-step-ups.ts';
import { isSamePerson } from './same-person.ts';
import { StepUpFailedError } from './step-up-failure.ts';
import { StepUpOidcClient } from './step-up-oidc-client.ts';
import { sendStepUpPage } from './step-up-page.ts';

/** Paths of the step-up flow on the serve process. */
export const STEP_UP_PATHS = { start: '/stepup/start', callback: '/stepup/callback' } as const;

/** What the step-up routes work with. */
export interface StepUpRouteDeps {
  readonly oidc: OidcConfig;
  readonly client: StepUpOidcClient;
  readonly pending: PendingStepUps;
  readonly workflow: WorkflowDeps;
  readonly identity: IdentityRules;
  readonly logger: Logger;
  /** Mark cookies `Secure` (the public URL is https). */
  readonly secureCookies: boolean;
  readonly flowSeconds: number;
  readonly toleranceMs: number;
}

function linkGone(): StepUpFailedError {
  return new StepUpFailedError(
    'step_up_link_expired',
    'This sign-in link has expired or was already used, so it counts for nothing. Click the button again for a new link.',
    410,
  );
}

/**
 * `GET /stepup/start/<token>` shows a "Continue to sign in" button without using the
 * link up (chat unfurlers and mail scanners fetch links too); `POST` uses it up, binds
 * the sign-in to this browser with a cookie and sends it to the provider.
 * `GET /stepup/callback` finishes: the flow must be known, unused, unexpired and begun
 * in this browser; the code exchange checks state, nonce and PKCE; the sign-in must be
 * fresh with the required acr/amr and be the person who clicked. Only then is the
 * intent carried out. Every outcome is a page saying what happened or why nothing did.
 */
export function stepUpRoutes(deps: StepUpRouteDeps): Route[] {
  return [
    {
      prefix: STEP_UP_PATHS.start,
      handler: (req, res) => {
        const seen: Seen = {};
        return respond(deps, res, seen, () => start(deps, req, res, seen));
      },
    },
    {
      prefix: STEP_UP_PATHS.callback,
      handler: (req, res) => {
        const seen: Seen = {};
        return respond(deps, res, seen, () => callback(deps, req, res, seen));
      },
    },
  ];
}

/** The step-up a failure was about, once the link or state named a known one. */
interface Seen {
  intent?: StepUpFlow['intent'];
}

async function start(
  deps: StepUpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  seen: Seen,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const token = path.slice(STEP_UP_PATHS.start.length + 1);
  if (!LINK_TOKEN.test(token)) throw linkGone();
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (!(await deps.pending.peek(token))) throw linkGone();
    sendStepUpPage(res, {
      status: 200,
      title: 'Sign in again to continue',
      message:
        'Policy asks you to prove it is you, with your second factor, before this counts. The link works once and for a few minutes.',
      tone: 'neutral',
      button: { action: `${STEP_UP_PATHS.start}/${token}`, label: 'Continue to sign in' },
    });
    return;
  }
  if (req.method !== 'POST')
    throw new StepUpFailedError('step_up_link_expired', 'Open the link in a browser.', 405);
  await deps.client.ready().catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'step-up: the identity provider cannot be reached');
    throw new StepUpFailedError(
      'step_up_unavailable',
      'The identity provider cannot be reached right now; nothing was used up. Try the link again in a minute.',
      503,
    );
  });
  const pending = await deps.pending.take(token);
  if (!pending) throw linkGone();
  seen.intent = pending.intent;
  const secrets = StepUpOidcClient.newSecrets();
  const flow: StepUpFlow = { ...pending, nonce: secrets.nonce, codeVerifier: secrets.codeVerifier };
  await deps.pending.startFlow(secrets.state, flow);
  const who = pending.intent.kind === 'approve' ? pending.intent.person : pending.intent.requester;
  const url = await deps.client.authorizationUrl(secrets, who.email);
  res.writeHead(303, {
    location: url.href,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'set-cookie': browserCookie(secrets.state, deps.flowSeconds, deps.secureCookies),
  });
  res.end();
}

async function callback(
  deps: StepUpRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  seen: Seen,
): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://callback').searchParams;
  const state = query.get('state') ?? '';
  const flow = state === '' ? undefined : await deps.pending.takeFlow(state);
  if (!flow) {
    throw new StepUpFailedError(
      'step_up_expired',
      'This sign-in is not one Countersign is waiting for: it took too long, was already used, or its state does not match. Nothing counted; start again.',
      410,
    );
  }
  seen.intent = flow.intent;
  res.setHeader('set-cookie', browserCookie(state, 0, deps.secureCookies));
  const logger = deps.logger.child({ intent: flow.intent.kind, ...intentIds(flow) });
  if (cookieValue(req, cookieName(state)) !== '1') {
    throw new StepUpFailedError(
      'step_up_other_browser',
      'This sign-in finished in a different browser from the one that opened the link, so it counts for nothing. Open the link and sign in in the same browser.',
    );
  }
  const error = query.get('error');
  if (error !== null) {
    const code = /^[a-z_]{1,64}$/.test(error) ? error : 'unknown';
    throw new StepUpFailedError(
      'step_up_idp_error',
      `The identity provider did not sign you in (${code}), so nothing counted. Start again if you want to continue.`,
    );
  }
  const identity = await deps.client
    .complete(query, { state, nonce: flow.nonce, codeVerifier: flow.codeVerifier })
    .catch((cause: unknown) => {
      logger.warn({ err: cause }, 'step-up: the sign-in could not be verified');
      throw new StepUpFailedError(
        'step_up_unverified',
        'The identity provider’s answer could not be verified, so nothing counted. Start again.',
      );
    });
  const person = flow.intent.kind === 'approve' ? flow.intent.person : flow.intent.requester;
  if (!isSamePerson(identity, person, deps.identity)) {
    throw new StepUpFailedError(
      'step_up_wrong_person',
      `You signed in as ${identity.email === undefined ? identity.subject : `${identity.email} (subject ${identity.subject})`}, but ${person.username} clicked, and the identity table does not map that sign-in to ${person.username}. Only the person who clicked can sign in for it; nothing counted.`,
    );
  }
  const evidence = checkStepUpClaims(identity, {
    ...(deps.oidc.requiredAcr === undefined ? {} : { requiredAcr: deps.oidc.requiredAcr }),
    requiredAmr: deps.oidc.requiredAmr,
    clickedAt: flow.clickedAt,
    now: deps.workflow.clock.now(),
    toleranceMs: deps.toleranceMs,
  });
  const outcome = await completeIntent(deps.workflow, flow.intent, evidence);
  logger.info(
    { requestId: outcome.record.id, user: person.username, amr: evidence.amr },
    'step-up completed',
  );
  sendStepUpPage(res, { status: 200, title: 'Done', message: outcome.message, tone: 'good' });
}

async function respond(
  deps: StepUpRouteDeps,
  res: ServerResponse,
  seen: Seen,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (res.headersSent) throw error;
    if (error instanceof UserFacingError) {
      deps.logger.info({ code: error.code }, 'step-up did not count');
      if (error instanceof StepUpFailedError) await auditFailure(deps, seen, error);
      const status = error instanceof StepUpFailedError ? error.status : 409;
      sendStepUpPage(res, { status, title: 'Nothing counted', message: error.toUserText(), tone: 'bad' });
      return;
    }
    const reference = randomBytes(4).toString('hex');
    deps.logger.error({ err: error, reference }, 'step-up failed');
    sendStepUpPage(res, {
      status: 500,
      title: 'Something failed',
      message: `Something failed, reference ${reference}; nothing counted. Try again in a minute; if it keeps failing, give your admin this reference.`,
      tone: 'bad',
    });
  }
}

/**
 * Appends the `step-up-failed` audit event: who clicked and for which request, when
 * the link or state named a step-up Countersign knew, and why nothing counted. A
 * failure to write it is logged; the person still gets the page.
 */
async function auditFailure(deps: StepUpRouteDeps, seen: Seen, error: StepUpFailedError): Promise<void> {
  const intent = seen.intent;
  const person =
    intent === undefined ? undefined : intent.kind === 'approve' ? intent.person : intent.requester;
  const event = securityEvents.stepUpFailed(deps.workflow.clock.now(), person, {
    code: error.code,
    reason: error.message,
    ...(intent === undefined ? {} : { intent: intent.kind === 'approve' ? 'approve' : 'file' }),
    ...(intent?.kind === 'approve' ? { requestId: intent.requestId } : {}),
  });
  await deps.workflow.audit
    .append([event])
    .catch((cause: unknown) =>
      deps.logger.error({ err: cause }, 'step-up: the failure could not be audited'),
    );
}

function intentIds(flow: StepUpFlow): Record<string, string> {
  return flow.intent.kind === 'approve'
    ? { requestId: flow.intent.requestId, user: flow.intent.person.username }
    : { user: flow.intent.requester.username };
}

function cookieName(state: string): string {
  return `countersign-stepup-${createHash('sha256').update(state, 'utf8').digest('hex').slice(0, 16)}`;
}

function browserCookie(state: string, maxAgeSeconds: number, secure: boolean): string {
  const value = maxAgeSeconds > 0 ? '1' : '';
  return `${cookieName(state)}=${value}; Max-Age=${maxAgeSeconds}; Path=${STEP_UP_PATHS.callback}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
