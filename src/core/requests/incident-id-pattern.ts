import { UserFacingError } from '../errors.ts';
import type { ChangeRequest } from './request-types.ts';

/** The incident IDs accepted when `COUNTERSIGN_INCIDENT_ID_PATTERN` is unset: `INC-` and digits, e.g. `INC-4312`. */
export const DEFAULT_INCIDENT_ID_PATTERN = 'INC-[0-9]+';

/** `source` as a regular expression an incident ID must match in full, ignoring case. */
export function incidentIdPattern(source: string = DEFAULT_INCIDENT_ID_PATTERN): RegExp {
  return new RegExp(`^(?:${source})$`, 'i');
}

/**
 * Refuses a request whose `--incident` is not an incident ID of the configured form.
 * The card is also posted in the incident's channel (named from the ID by the
 * platform's template), so `--incident general` would otherwise put an approvable
 * card into any channel the app can post in.
 */
export function refuseUnknownIncident(request: ChangeRequest, pattern: RegExp): void {
  const { incident } = request;
  if (incident === undefined || pattern.test(incident)) return;
  const form = pattern.source.replace(/^\^\(\?:/, '').replace(/\)\$$/, '');
  throw new UserFacingError(
    'incident_not_allowed',
    `--incident ${incident} is not an incident ID: incident IDs here match ${form}. The card is also posted in the incident's channel, so --incident must name an incident, not a channel.`,
    form === DEFAULT_INCIDENT_ID_PATTERN ? '--incident INC-4312' : undefined,
  );
}
