import { tzOffset } from '@date-fns/tz';
import { parseDuration } from './duration.ts';
import type { FlagName } from './flags.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import type { StartSpec } from './request-types.ts';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})\s+(\S+)$/;
const OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;
const FORMS = '"2026-12-06 02:00 Europe/Berlin", "2026-12-06 02:00 UTC" or 2026-12-06T01:00Z';

function zoneKnown(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The instant a wall-clock time in `timeZone` names, or undefined when that time does not exist there (a DST gap). */
function instantIn(timeZone: string, fields: readonly number[]): number | undefined {
  const [year, month, day, hour, minute] = fields as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at the guess, then at the corrected instant (a DST change in between moves it).
  let at = wall - tzOffset(timeZone, new Date(wall)) * 60_000;
  at = wall - tzOffset(timeZone, new Date(at)) * 60_000;
  return at + tzOffset(timeZone, new Date(at)) * 60_000 === wall ? at : undefined;
}

function validFields(fields: readonly number[]): boolean {
  const [year, month, day, hour, minute] = fields as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && year >= 2000
  );
}

/**
 * Reads the text of an `--at`: a wall-clock time in a named IANA zone
 * (`2026-12-06 02:00 Europe/Berlin`) or an ISO 8601 instant with its offset
 * (`2026-12-06T01:00Z`), to the instant it names and the text as given. An unknown
 * zone, a date that does not exist or a time skipped by a DST change each get their
 * own `invalid_start` message. Shared by the request flag and `policy explain --at`.
 */
export function readStartAt(at: string, example: string): { readonly at: number; readonly text: string } {
  const fail = (message: string): never => {
    throw new InvalidRequestError('invalid_start', message, example);
  };
  const text = at.trim();
  const iso = OFFSET.exec(text);
  if (iso) {
    const fields = iso.slice(1, 6).map(Number);
    const instant = Date.parse(text);
    if (!validFields(fields) || Number.isNaN(instant))
      fail(`The --at ${showToken(at)} is not a real date and time.`);
    return { at: instant, text };
  }
  const local = LOCAL.exec(text);
  if (!local) fail(`The --at ${showToken(at)} is not a time: use ${FORMS}.`);
  const fields = local!.slice(1, 6).map(Number);
  const zone = local![6]!;
  if (!zoneKnown(zone))
    fail(`Unknown time zone ${showToken(zone)}: use an IANA name such as Europe/Berlin or UTC.`);
  if (!validFields(fields)) fail(`The --at ${showToken(at)} is not a real date and time.`);
  const instant = instantIn(zone, fields);
  if (instant === undefined) {
    fail(
      `${text.slice(0, 16)} does not exist in ${zone} (the clocks skip it for daylight saving); pick another time.`,
    );
  }
  return { at: instant!, text };
}

/**
 * Reads `--at` or `--in`, the time a request should take effect: `--at` as
 * {@link readStartAt} reads it, `--in` a duration from filing (`2h`, at most 30d).
 * Absent when neither is given. Both at once or a bad duration each get their own
 * message; whether the time is in the future is checked at filing, which knows the time.
 */
export function readStart(flags: ReadonlyMap<FlagName, string>, example: string): StartSpec | undefined {
  const fail = (message: string): never => {
    throw new InvalidRequestError('invalid_start', message, example);
  };
  const at = flags.get('at');
  const inText = flags.get('in');
  if (at !== undefined && inText !== undefined) fail('Give --at or --in, not both.');
  if (inText !== undefined) {
    try {
      return { in: parseDuration(inText) };
    } catch {
      return fail(
        `The --in ${showToken(inText)} is not a duration: use e.g. --in 2h or --in 1d (at most 30d).`,
      );
    }
  }
  return at === undefined ? undefined : readStartAt(at, example);
}
