import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ForeignRefusalAudit } from '../../../core/audit/foreign-refusals.ts';

/** Where a delivery says it comes from: its workspace, organization and the actor's home workspace. */
export interface DeliveryOrigin {
  readonly team?: string;
  readonly enterprise?: string;
  /** The clicking user's own workspace (actions, views), which differs in a Slack Connect channel. */
  readonly userTeam?: string;
}

function field(value: unknown, ...path: string[]): string | undefined {
  let at: unknown = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' && at !== '' ? at : undefined;
}

/** The workspace, organization and actor's workspace a command, interaction or event body names. */
export function deliveryOrigin(body: unknown): DeliveryOrigin {
  const team =
    field(body, 'team_id') ??
    field(body, 'team', 'id') ??
    field(body, 'authorizations', '0', 'team_id') ??
    field(body, 'view', 'team_id');
  const enterprise =
    field(body, 'enterprise_id') ??
    field(body, 'enterprise', 'id') ??
    field(body, 'team', 'enterprise_id') ??
    field(body, 'authorizations', '0', 'enterprise_id');
  const userTeam = field(body, 'user', 'team_id');
  return {
    ...(team ? { team } : {}),
    ...(enterprise ? { enterprise } : {}),
    ...(userTeam ? { userTeam } : {}),
  };
}

/**
 * True when a delivery from `origin` may be served: its organization is allowed, or its
 * workspace is and so is the acting user's own workspace (when the body names it).
 */
export function originAllowed(origin: DeliveryOrigin, allowed: ReadonlySet<string>): boolean {
  if (origin.enterprise !== undefined && allowed.has(origin.enterprise)) return true;
  return (
    origin.team !== undefined &&
    allowed.has(origin.team) &&
    (origin.userTeam === undefined || allowed.has(origin.userTeam))
  );
}

/**
 * Global Bolt middleware, first in line: a delivery whose origin is not allowed is
 * acked, dropped, logged and audited; nothing is served before `allowed()` is known.
 */
export function refuseForeignWorkspaces(
  allowed: () => ReadonlySet<string> | undefined,
  logger: Logger,
  refusals: ForeignRefusalAudit,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const origin = deliveryOrigin(args.body);
    const list = allowed();
    if (list && originAllowed(origin, list)) {
      await args.next();
      return;
    }
    logger.warn(
      { ...origin, allowedWorkspaces: [...(list ?? [])] },
      'Slack delivery from a workspace not allowed refused',
    );
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
    // Before start-up has read the allowed list nothing is foreign, only early.
    if (!list) return;
    const user =
      field(args.body, 'user_id') ?? field(args.body, 'user', 'id') ?? field(args.body, 'event', 'user');
    await refusals.record({ platform: 'slack', origin: { ...origin }, ...(user ? { userId: user } : {}) });
  };
}
