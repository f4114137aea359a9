import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate.ts';
import { localTimeIn, parseClockTime, parseDayToken } from '../../../../src/core/policy/match-schedule.ts';
import { action, allowOnly, input } from './policy-fixtures.ts';

const OFFICE = "{ days: [Mon-Fri], from: '09:00', to: '18:00' }";
const request = action('delete', 'Pod', 'web-1', 'prod-payments');
const matchesAt = (schedule: string, iso: string): boolean =>
  evaluatePolicy(allowOnly(`{ schedule: ${schedule} }`), input(request, { at: Date.parse(iso) })).outcome ===
  'auto-approve';

describe('schedule windows', () => {
  const within = `{ timeZone: Europe/Berlin, within: [${OFFICE}] }`;
  const outside = `{ timeZone: Europe/Berlin, outside: [${OFFICE}] }`;

  test('the same UTC time falls on either side of 09:00 Berlin across the March DST change', () => {
    assert.equal(matchesAt(within, '2026-03-27T07:30:00Z'), false, 'Fri 08:30 CET');
    assert.equal(matchesAt(outside, '2026-03-27T07:30:00Z'), true);
    assert.equal(matchesAt(within, '2026-03-30T07:30:00Z'), true, 'Mon 09:30 CEST');
    assert.equal(matchesAt(outside, '2026-03-30T07:30:00Z'), false);
  });

  test('and across the October change at the 18:00 end', () => {
    assert.equal(matchesAt(within, '2026-10-23T16:30:00Z'), false, 'Fri 18:30 CEST');
    assert.equal(matchesAt(within, '2026-10-26T16:30:00Z'), true, 'Mon 17:30 CET');
  });

  test('local time skips the missing hour and repeats the doubled one', () => {
    assert.deepEqual(localTimeIn('Europe/Berlin', Date.parse('2026-03-29T00:59:00Z')), {
      day: 0,
      minute: 119,
    });
    assert.deepEqual(localTimeIn('Europe/Berlin', Date.parse('2026-03-29T01:00:00Z')), {
      day: 0,
      minute: 180,
    });
    assert.deepEqual(localTimeIn('Europe/Berlin', Date.parse('2026-10-25T00:30:00Z')), {
      day: 0,
      minute: 150,
    });
    assert.deepEqual(localTimeIn('Europe/Berlin', Date.parse('2026-10-25T01:30:00Z')), {
      day: 0,
      minute: 150,
    });
  });

  test('a named zone far from UTC shifts the weekday', () => {
    const tokyo = `{ timeZone: Asia/Tokyo, within: [{ days: [Mon], from: '00:00', to: '09:00' }] }`;
    assert.equal(matchesAt(tokyo, '2026-01-04T20:00:00Z'), true, 'Sunday in UTC is Monday 05:00 in Tokyo');
    assert.equal(matchesAt(tokyo, '2026-01-05T20:00:00Z'), false, 'Tuesday 05:00 in Tokyo');
    const newYork = `{ timeZone: America/New_York, within: [{ from: '09:00', to: '17:00' }] }`;
    assert.equal(matchesAt(newYork, '2026-03-06T14:30:00Z'), true, '09:30 EST');
    assert.equal(matchesAt(newYork, '2026-03-09T13:30:00Z'), true, '09:30 EDT');
    assert.equal(matchesAt(newYork, '2026-03-06T13:30:00Z'), false, '08:30 EST');
  });

  test('a window that wraps midnight belongs to the day it starts', () => {
    const night = `{ timeZone: UTC, within: [{ days: [Fri], from: '22:00', to: '06:00' }] }`;
    assert.equal(matchesAt(night, '2026-01-09T23:00:00Z'), true, 'Fri 23:00');
    assert.equal(matchesAt(night, '2026-01-10T05:59:00Z'), true, 'Sat 05:59');
    assert.equal(matchesAt(night, '2026-01-10T06:00:00Z'), false, 'Sat 06:00');
    assert.equal(matchesAt(night, '2026-01-10T23:00:00Z'), false, 'Sat 23:00');
    assert.equal(matchesAt(night, '2026-01-09T21:59:00Z'), false, 'Fri 21:59');
  });

  test('within and outside together: both must hold; to 24:00 reaches midnight', () => {
    const weekendDay = `{ timeZone: UTC, within: [{ days: [Sat, Sun], from: '00:00', to: '24:00' }], outside: [{ from: '12:00', to: '13:00' }] }`;
    assert.equal(matchesAt(weekendDay, '2026-01-10T23:59:00Z'), true);
    assert.equal(matchesAt(weekendDay, '2026-01-10T12:30:00Z'), false);
    assert.equal(matchesAt(weekendDay, '2026-01-09T10:00:00Z'), false);
  });

  test('clock times and day tokens', () => {
    assert.equal(parseClockTime('09:05'), 545);
    assert.equal(parseClockTime('24:00'), 1440);
    assert.equal(parseClockTime('24:01'), undefined);
    assert.equal(parseClockTime('9:00'), undefined);
    assert.deepEqual(parseDayToken('Mon-Fri'), [1, 2, 3, 4, 5]);
    assert.deepEqual(parseDayToken('Fri-Mon'), [5, 6, 0, 1]);
    assert.deepEqual(parseDayToken('Sun'), [0]);
    assert.equal(parseDayToken('Monday'), undefined);
    assert.equal(parseDayToken('Mon-Tue-Wed'), undefined);
  });
});
