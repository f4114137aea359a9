/** The incident channel name when `SLACK_INCIDENT_CHANNEL_TEMPLATE` is unset: the ID itself. */
export const DEFAULT_INCIDENT_CHANNEL_TEMPLATE = '{id}';

/**
 * The Slack channel name (without `#`) a request's `--incident ID` is announced in:
 * the template with `{id}` replaced by the lower-cased ID, cut to Slack's 80
 * characters. `inc-{id}` and `4312` give `inc-4312`; `{id}` and `INC-4312` give
 * `inc-4312`. Incident IDs are already letters, digits, `-` and `_`.
 */
export function incidentChannelName(incident: string, template = DEFAULT_INCIDENT_CHANNEL_TEMPLATE): string {
  return template.replace('{id}', incident.toLowerCase()).slice(0, 80);
}
