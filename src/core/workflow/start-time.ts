import { UserFacingError } from '../errors.ts';
import { formatCardTime } from '../cards/format-time.ts';
import type { ChangeRequest } from '../requests/request-types.ts';

/**
 * When a request filed at `now` takes effect, ms since the epoch: its `--at` instant,
 * `now` plus its `--in`, or undefined for at once. A start that is not in the future
 * is refused (`start_in_past`), naming the time it read, so nothing is filed.
 */
export function startTimeOf(request: ChangeRequest, now: number): number | undefined {
  if (request.type === 'api' || !request.start) return undefined;
  const start = request.start;
  const at = 'in' in start ? now + start.in * 1000 : start.at;
  if (at <= now) {
    throw new UserFacingError(
      'start_in_past',
      `The start time ${formatCardTime(at)} has already passed (it is ${formatCardTime(now)}); give a later --at, or leave it out to start when approved.`,
    );
  }
  return at;
}
