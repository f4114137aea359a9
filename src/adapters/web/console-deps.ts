import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RequestRecord } from '../../core/lifecycle/request-record.ts';
import type { Principal } from '../../core/ports/identity.ts';
import type { StepUpPort } from '../../core/ports/step-up.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import type { ConsoleIdentity } from './ingress/console-principal.ts';
import type { OriginRules } from '../http/csrf.ts';
import type { FlashCookies } from './ingress/flash.ts';
import type { OidcLogin } from '../oidc/oidc-login.ts';
import type { Session, SessionCookies } from './ingress/session.ts';
import type { LiveStreams } from './chat/live-streams.ts';

/** What every console handler reaches the core and the browser through; built once per process. */
export interface ConsoleDeps {
  readonly workflow: WorkflowDeps;
  readonly people: ConsoleIdentity;
  readonly sessions: SessionCookies;
  readonly flash: FlashCookies;
  /** Announces a change the console just made, so open pages refresh before the `notify` job does it again; never throws. */
  announce(record: Pick<RequestRecord, 'id' | 'version'>): Promise<void>;
  readonly streams: LiveStreams;
  readonly origin: OriginRules;
  /** Cookies are Secure and HSTS is sent: false only for plain http on loopback. */
  readonly secure: boolean;
  /** Present when OpenID Connect sign-in is configured. */
  readonly oidc?: OidcLogin;
  /** OIDC step-up, when configured: started when the core refuses with `step_up_required`. */
  readonly stepUp?: StepUpPort;
  readonly logger: Logger;
}

/** One request as handlers see it: its session (a fresh anonymous one if need be) and the signed-in person. */
export interface ConsoleContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly session: Session;
  readonly person?: Principal;
  readonly deps: ConsoleDeps;
  /** The parsed body of a POST, already checked for CSRF. */
  readonly form?: URLSearchParams;
}
