import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestError } from '../../../../src/core/requests/request-error.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import type { ChangeRequest } from '../../../../src/core/requests/request-types.ts';

const scale = (flags: string) =>
  parseCommand(`scale deployment/api --replicas 5 -n prod --reason load ${flags}`) as ChangeRequest;

function refusal(flags: string): string {
  try {
    scale(flags);
  } catch (error) {
    assert.ok(error instanceof InvalidRequestError, String(error));
    assert.equal(error.code, 'invalid_start');
    return error.message;
  }
  return assert.fail(`${flags} was accepted`);
}

describe('--at and --in', () => {
  test('a wall-clock time in a named zone, honouring daylight saving', () => {
    const winter = scale('--at "2026-12-06 02:00 Europe/Berlin"');
    assert.ok(winter.type === 'action' && winter.start && 'at' in winter.start);
    assert.equal(winter.start.at, Date.UTC(2026, 11, 6, 1, 0));
    const summer = scale('--at "2026-07-06 02:00 Europe/Berlin"');
    assert.ok(summer.type === 'action' && summer.start && 'at' in summer.start);
    assert.equal(summer.start.at, Date.UTC(2026, 6, 6, 0, 0));
    const utc = scale('--at "2026-12-06 02:00 UTC"');
    assert.ok(utc.type === 'action' && utc.start && 'at' in utc.start);
    assert.equal(utc.start.at, Date.UTC(2026, 11, 6, 2, 0));
  });

  test('an ISO instant with its offset, and --in a duration, on access requests too', () => {
    const iso = scale('--at 2026-12-06T01:00+02:00');
    assert.ok(iso.type === 'action' && iso.start && 'at' in iso.start);
    assert.equal(iso.start.at, Date.UTC(2026, 11, 5, 23, 0));
    const access = parseCommand('access role/view -n prod --for 1h --reason x --in 2h') as ChangeRequest;
    assert.ok(access.type === 'access');
    assert.deepEqual(access.start, { in: 7200 });
  });

  test('bad input gets a clear message naming what is wrong', () => {
    assert.match(refusal('--at tomorrow'), /is not a time: use "2026-12-06 02:00 Europe\/Berlin"/);
    assert.match(refusal('--at "2026-12-06 02:00 Mars/Olympus"'), /Unknown time zone 'Mars\/Olympus'/);
    assert.match(refusal('--at "2026-02-30 02:00 UTC"'), /not a real date and time/);
    assert.match(refusal('--at "2026-03-29 02:30 Europe/Berlin"'), /does not exist in Europe\/Berlin/);
    assert.match(refusal('--in soon'), /--in 'soon' is not a duration/);
    assert.match(refusal('--in 2h --at "2026-12-06 02:00 UTC"'), /--at or --in, not both/);
    assert.match(refusal('--in 1h --break-glass --incident INC-1'), /takes no --at or --in/);
  });
});
