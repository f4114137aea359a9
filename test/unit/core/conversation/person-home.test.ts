import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import { homeOf, personHome, type PersonHome } from '../../../../src/core/conversation/person-home.ts';
import { personLists } from '../../../../src/core/conversation/person-lists.ts';
import { runCommand } from '../../../../src/core/conversation/run-command.ts';
import type { ReplyCommand } from '../../../../src/core/conversation/command-outcome.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { people, workflowFixture } from '../workflow/workflow-harness.ts';

const SCALE = 'scale deployment/api --replicas 5 -n prod-payments --reason "load"';

/** Section ID → the request IDs it shows and their cancel consequences. */
const shape = (home: PersonHome) =>
  home.sections.map((s) => [s.id, s.rows.map((r) => [r.card.requestId, r.cancel ?? '-'].join(' '))]);

describe('personHome', () => {
  test('the requester sees their pending request with what cancelling means; an approver sees it waiting for them', async () => {
    const { deps, clock } = workflowFixture();
    const filed = await runCommand(
      { workflow: deps },
      parseCommand(SCALE) as ReplyCommand,
      people.alice,
      SCALE,
    );
    assert.ok(filed.kind === 'filed');
    const id = filed.record.id;
    const home = async (person: typeof people.alice) =>
      personHome(await personLists(deps, person), clock.now());
    assert.deepEqual(shape(await home(people.alice)), [
      ['mine', [`${id} Nobody will be able to approve it.`]],
      ['grants', []],
      ['approve', []],
    ]);
    const bob = await home(people.bob);
    assert.deepEqual(shape(bob), [
      ['mine', []],
      ['grants', []],
      ['approve', [`${id} -`]],
    ]);
    assert.deepEqual(
      bob.sections.map((s) => [s.title, s.empty]),
      [
        ['Your open requests', 'You have no open requests.'],
        ['Your active grants', 'You hold no temporary access.'],
        ['Waiting for your approval', 'Nothing is waiting for you.'],
      ],
    );
  });

  test('each request once per section; Cancel only while pending or on the reader’s own scheduled run; reviews first when there are some', async () => {
    const { deps, clock } = workflowFixture();
    const filed = await runCommand(
      { workflow: deps },
      parseCommand(SCALE) as ReplyCommand,
      people.alice,
      SCALE,
    );
    assert.ok(filed.kind === 'filed');
    const pending = buildApprovalCard(filed.record, clock.now());
    const as = (requestId: string, state: ApprovalCard['state']): ApprovalCard => ({
      ...pending,
      requestId,
      state,
    });
    const home = homeOf({
      openRequests: [pending, pending, as('cs-running01', 'executing')],
      activeGrants: [],
      awaitingMyApproval: [],
      breakGlassToReview: [as('cs-brkglass01', 'succeeded')],
      waitingToStart: [
        { card: as('cs-mine00001', 'approved'), mayCancel: true },
        { card: as('cs-others001', 'approved'), mayCancel: false },
      ],
      notes: ['PagerDuty could not be asked.'],
    });
    assert.deepEqual(shape(home), [
      ['break-glass', ['cs-brkglass01 -']],
      ['mine', [`${pending.requestId} Nobody will be able to approve it.`, 'cs-running01 -']],
      ['grants', []],
      ['approve', []],
      ['scheduled', ['cs-mine00001 It will not run at its start time.', 'cs-others001 -']],
    ]);
    assert.deepEqual(home.notes, ['PagerDuty could not be asked.']);
  });
});
