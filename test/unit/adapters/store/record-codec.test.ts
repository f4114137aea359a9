import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { recordCodec } from '../../../../src/adapters/store/record-codec.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { REQUEST_STATES } from '../../../../src/core/lifecycle/request-state.ts';

const principal = fc.record(
  {
    platform: fc.constantFrom('slack', 'teams', 'web'),
    platformUserId: fc.string(),
    username: fc.string(),
    groups: fc.array(fc.string()),
    email: fc.string(),
    displayName: fc.string({ unit: 'grapheme' }),
  },
  { requiredKeys: ['platform', 'platformUserId', 'username', 'groups'], noNullPrototype: true },
);

const recordArb = fc.record(
  {
    id: fc.string({ minLength: 1 }),
    version: fc.integer({ min: 1, max: 1_000 }),
    state: fc.constantFrom(...REQUEST_STATES),
    request: fc.record(
      {
        type: fc.constant('action'),
        reason: fc.string({ unit: 'grapheme' }),
        patch: fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
      },
      { noNullPrototype: true },
    ),
    text: fc.string({ unit: 'grapheme' }),
    cluster: fc.string(),
    requester: principal,
    decision: fc.record(
      { outcome: fc.constant('deny'), matchedRules: fc.array(fc.string()), reason: fc.string() },
      { noNullPrototype: true },
    ),
    approvals: fc.array(
      fc.record(
        { approver: principal, groups: fc.array(fc.string()), at: fc.nat() },
        { noNullPrototype: true },
      ),
    ),
    createdAt: fc.nat(),
    decisionDeadline: fc.nat(),
    timestamps: fc.dictionary(fc.constantFrom(...REQUEST_STATES), fc.nat(), { noNullPrototype: true }),
    grant: fc.record(
      { grantedAt: fc.nat(), expiresAt: fc.nat(), bindingName: fc.string(), extensions: fc.constant([]) },
      { noNullPrototype: true },
    ),
  },
  {
    requiredKeys: [
      'id',
      'version',
      'state',
      'request',
      'text',
      'cluster',
      'requester',
      'decision',
      'approvals',
      'createdAt',
      'timestamps',
    ],
    noNullPrototype: true,
  },
);

describe('recordCodec', () => {
  test('decode(encode(record)) equals the record, absent optional fields included', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const typed = record as unknown as RequestRecord;
        assert.deepEqual(recordCodec.decode(recordCodec.encode(typed), 'k'), typed);
      }),
    );
  });

  test('refuses values that are not records, naming the key and the problem', () => {
    const cases: [string, RegExp][] = [
      ['not json', /k1 is not a request record: not JSON/],
      ['[1]', /not an object/],
      ['{"id":"a","version":0,"state":"pending"}', /version/],
      ['{"id":"a","version":1,"state":"pending"}', /request is missing/],
    ];
    for (const [text, problem] of cases) {
      assert.throws(
        () => recordCodec.decode(text, 'k1'),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'store_corrupt');
          assert.match(error.message, problem);
          return true;
        },
      );
    }
  });
});
