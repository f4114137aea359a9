import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { Notification } from './notification.ts';

/** The incident channel name when no template is configured: the incident ID itself. */
export const DEFAULT_INCIDENT_CHANNEL_TEMPLATE = '{id}';

/**
 * The channel name (without `#`) a request's `--incident ID` is announced in on one
 * platform: the template with `{id}` replaced by the lower-cased ID, cut to 80
 * characters. `inc-{id}` and `4312` give `inc-4312`; `{id}` and `INC-4312` give
 * `inc-4312`. Incident IDs are already letters, digits, `-` and `_`.
 */
export function incidentChannelName(incident: string, template = DEFAULT_INCIDENT_CHANNEL_TEMPLATE): string {
  return template.replace('{id}', incident.toLowerCase()).slice(0, 80);
}

/** Where one platform announces requests beyond the channels policy picks. */
export interface ChannelSettings {
  /** The platform's incident channel template (`{id}` for the incident ID); absent means `{id}`. */
  readonly incidentChannelTemplate?: string;
  /** Where every break-glass card also goes on this platform; absent means nowhere. */
  readonly securityChannel?: string;
}

/** A channel that should show the request's card, by ID. */
export interface CardTarget {
  readonly channel: string;
  readonly role: 'approval-card' | 'incident-card';
}

/**
 * The channels of one platform that should show the card: those policy picked for it
 * (none when policy denied outright), the incident channel of `--incident` named by
 * the platform's template, and for a break-glass run the platform's security channel,
 * resolved to IDs. A channel the platform does not know is logged and left out; one
 * named twice counts once.
 */
export async function cardTargets(
  notification: Notification,
  record: RequestRecord,
  settings: ChannelSettings,
): Promise<CardTarget[]> {
  const { chat } = notification;
  const wanted: { name: string; role: CardTarget['role'] }[] =
    record.decision.outcome === 'deny'
      ? []
      : record.decision.channels[chat.platform].map((name) => ({ name, role: 'approval-card' as const }));
  const incident = record.incident ?? record.request.incident;
  if (incident) {
    wanted.push({
      name: `#${incidentChannelName(incident, settings.incidentChannelTemplate)}`,
      role: 'incident-card',
    });
  }
  if (record.breakGlass && settings.securityChannel) {
    wanted.push({ name: settings.securityChannel, role: 'approval-card' });
  }
  const targets: CardTarget[] = [];
  for (const { name, role } of wanted) {
    const channel = await chat.resolveChannel(name);
    if (channel === undefined) {
      notification.log.warn({ channel: name, role }, 'channel not found; no card posted there');
    } else if (!targets.some((t) => t.channel === channel)) {
      targets.push({ channel, role });
    }
  }
  return targets;
}
