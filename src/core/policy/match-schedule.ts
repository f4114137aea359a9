import { tzOffset } from '@date-fns/tz';
import type { LocalTime, MatchContext } from './match-types.ts';

/** Day names a schedule accepts, index = JavaScript weekday (0 = Sunday). */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** A daily window: `from` inclusive to `to` exclusive, on `days` (all days when absent). */
export interface TimeWindowSpec {
  /** Day names (`Mon`) or ranges (`Mon-Fri`); a window that wraps midnight belongs to the day it starts. */
  readonly days?: readonly string[];
  /** `HH:MM`, 24-hour. */
  readonly from: string;
  /** `HH:MM`, 24-hour, or `24:00`; earlier than `from` means the window runs past midnight. */
  readonly to: string;
}

/** A rule's `schedule`: holds within any `within` window and outside every `outside` window. */
export interface ScheduleSpec {
  readonly timeZone: string;
  readonly within?: readonly TimeWindowSpec[];
  readonly outside?: readonly TimeWindowSpec[];
}

const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after midnight of an `HH:MM` clock time (`24:00` → 1440); undefined if malformed. */
export function parseClockTime(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? match[3]) * 60 + Number(match[2] ?? match[4]);
}

/** Weekdays named by `Mon` or a range such as `Mon-Fri` (ranges may wrap: `Fri-Mon`); undefined if malformed. */
export function parseDayToken(token: string): number[] | undefined {
  const [first, last, ...extra] = token.split('-');
  const start = WEEKDAYS.indexOf(first as (typeof WEEKDAYS)[number]);
  const end = last === undefined ? start : WEEKDAYS.indexOf(last as (typeof WEEKDAYS)[number]);
  if (start < 0 || end < 0 || extra.length > 0) return undefined;
  const days = [start];
  for (let day = start; day !== end;) {
    day = (day + 1) % 7;
    days.push(day);
  }
  return days;
}

/** True when the runtime knows `timeZone` (an IANA name such as `Europe/Berlin`, or `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** UTC offsets change only on quarter-hour boundaries, so one lookup serves a whole quarter hour. */
const QUARTER_HOUR_MS = 15 * 60_000;
const OFFSET_CACHE_LIMIT = 10_000;
const offsetCache = new Map<string, Map<number, number>>();

function offsetMinutes(timeZone: string, at: number): number {
  const bucket = Math.floor(at / QUARTER_HOUR_MS);
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  let offset = zone.get(bucket);
  if (offset === undefined) {
    if (zone.size >= OFFSET_CACHE_LIMIT) zone.clear();
    offset = tzOffset(timeZone, new Date(bucket * QUARTER_HOUR_MS));
    zone.set(bucket, offset);
  }
  return offset;
}

/**
 * The weekday and minute of the day at instant `at` (ms since epoch) in `timeZone`,
 * honouring DST. Offsets are memoised per zone and quarter hour (Intl is slow), which
 * is exact for every zone whose transitions fall on quarter hours, as all current ones do.
 */
export function localTimeIn(timeZone: string, at: number): LocalTime {
  const local = new Date(at + offsetMinutes(timeZone, at) * 60_000);
  return { day: local.getUTCDay(), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

type WindowTest = (time: LocalTime) => boolean;

function compileWindow(window: TimeWindowSpec): WindowTest {
  const days = new Set<number>(
    window.days ? window.days.flatMap((token) => parseDayToken(token) ?? []) : [0, 1, 2, 3, 4, 5, 6],
  );
  const from = parseClockTime(window.from) ?? 0;
  const to = parseClockTime(window.to) ?? 0;
  if (from < to) return ({ day, minute }) => days.has(day) && minute >= from && minute < to;
  return ({ day, minute }) => (days.has(day) && minute >= from) || (days.has((day + 6) % 7) && minute < to);
}

/** Compiles a validated schedule into a test on the evaluation's local time. */
export function compileSchedule(spec: ScheduleSpec): (context: MatchContext) => boolean {
  const within = (spec.within ?? []).map(compileWindow);
  const outside = (spec.outside ?? []).map(compileWindow);
  const { timeZone } = spec;
  return (context) => {
    const time = context.localTime(timeZone);
    if (within.length > 0 && !within.some((test) => test(time))) return false;
    return !outside.some((test) => test(time));
  };
}
