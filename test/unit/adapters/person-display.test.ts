import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCard as renderSlackCard } from '../../../src/adapters/slack/render/render-card.ts';
import { renderThreadLine as renderSlackLine } from '../../../src/adapters/slack/render/render-thread-line.ts';
import { renderCard as renderTeamsCard } from '../../../src/adapters/teams/render/render-card.ts';
import { renderThreadLine as renderTeamsLine } from '../../../src/adapters/teams/render/render-thread-line.ts';
import { renderLayout } from '../../../src/adapters/web/render/pages/layout.ts';
import { renderCard as renderWebCard } from '../../../src/adapters/web/render/render-card.ts';
import { timelineText } from '../../../src/core/cards/timeline-text.ts';
import { buildApprovalCard } from '../../../src/core/cards/build-approval-card.ts';
import { eventLine } from '../../../src/core/cards/event-line.ts';
import type { PersonText } from '../../../src/core/cards/person-text.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { decideRequest } from '../../../src/core/workflow/decide-request.ts';
import { submitRequest } from '../../../src/core/workflow/submit-request.ts';
import { workflowFixture } from '../core/workflow/workflow-harness.ts';

/** Slack people whose editable display names read as someone else. */
const slackPerson = (name: string, userId: string, displayName: string): Principal => ({
  platform: 'slack',
  platformUserId: userId,
  username: `${name}@example.com`,
  displayName,
  groups: [],
});
const alice = slackPerson('alice', 'U0ALICE001', 'Carol the SRE lead');
const bob = slackPerson('bob', 'U0BOB00001', 'Alice Requester');
const carol = slackPerson('carol', 'U0CAROL001', 'Bob Approver');
const DISPLAY_NAMES = [alice, bob, carol].map((p) => p.displayName ?? '');
/** The same people acting from Teams (Entra object IDs). */
const teamsPerson = (person: Principal, objectId: string): Principal => ({
  ...person,
  platform: 'teams',
  platformUserId: objectId,
});
const onTeams = {
  alice: teamsPerson(alice, 'a11ce000-aaaa-4bbb-8ccc-000000000001'),
  bob: teamsPerson(bob, '0b0b0000-aaaa-4bbb-8ccc-000000000002'),
  carol: teamsPerson(carol, 'ca201000-aaaa-4bbb-8ccc-000000000003'),
};

/** alice files, bob approves, carol denies "not now": the card and every thread line, rendered on each surface. */
async function story(people: { alice: Principal; bob: Principal; carol: Principal }) {
  const { deps, clock, submission } = workflowFixture();
  const { id } = await submitRequest(
    deps,
    submission('scale deployment/api --replicas 5 -n prod-payments --reason load', people.alice),
  );
  await decideRequest(deps, { requestId: id, person: people.bob, verdict: 'approve' });
  const { record } = await decideRequest(deps, {
    requestId: id,
    person: people.carol,
    verdict: 'deny',
    reason: 'not now',
  });
  const card = buildApprovalCard(record, clock.now());
  const events = (await deps.store.listEvents(id)).map(({ event }) => event);
  const lines = events.map(eventLine).filter((line): line is PersonText => line !== undefined);
  return {
    card,
    slack: {
      card: JSON.stringify(renderSlackCard(card)),
      lines: lines.map((line) => JSON.stringify(renderSlackLine(line))).join('\n'),
    },
    teams: {
      card: JSON.stringify(renderTeamsCard(card)),
      lines: lines.map((line) => JSON.stringify(renderTeamsLine(line))).join('\n'),
    },
    web: {
      card: renderWebCard(card, { csrfToken: 'token' }).value,
      lines: events.map(timelineText).join('\n'),
    },
  };
}

describe('people are named by one rule on every surface', () => {
  test('cards, thread lines, DMs and the console name people by Kubernetes username (Slack mention beside it), never by display name', async () => {
    const told = await story({ alice, bob, carol });
    const rendered: Record<string, string> = {
      slack: told.slack.card,
      teams: told.teams.card,
      web: told.web.card,
      'Slack thread lines and DMs': told.slack.lines,
      'Teams thread lines and DMs': told.teams.lines,
      'console timeline': told.web.lines,
      'console header': renderLayout(
        { title: 'Mine', nav: 'mine', body: '' },
        { csrfToken: 'token', person: alice, devMode: false },
      ).value,
    };
    for (const [surface, text] of Object.entries(rendered)) {
      for (const name of DISPLAY_NAMES) {
        assert.ok(!text.includes(name), `${surface} prints the display name "${name}"`);
      }
    }
    for (const surface of ['slack', 'teams', 'web', 'console header']) {
      assert.ok(
        rendered[surface]?.includes('alice@example.com'),
        `${surface} names the requester by username`,
      );
    }
    for (const surface of Object.keys(rendered).filter((s) => s !== 'console header')) {
      assert.ok(rendered[surface]?.includes('bob@example.com'), `${surface} names the approver by username`);
      assert.ok(rendered[surface]?.includes('carol@example.com'), `${surface} names the denier by username`);
    }
    assert.ok(rendered.slack?.includes('alice@example.com (<@U0ALICE001>)'), 'Slack puts the mention beside');
    for (const surface of ['slack', 'Slack thread lines and DMs']) {
      assert.ok(
        rendered[surface]?.includes('Approved by bob@example.com (<@U0BOB00001>)'),
        `${surface}: the approval note and line carry the approver's mention`,
      );
      assert.ok(
        rendered[surface]?.includes('Denied by carol@example.com (<@U0CAROL001>): not now'),
        `${surface}: the denial note and line carry the denier's mention`,
      );
    }
    for (const surface of ['teams', 'web', 'Teams thread lines and DMs', 'console timeline']) {
      assert.ok(!rendered[surface]?.includes('<@'), `${surface} has no Slack mention`);
    }
  });

  test('a renamed chat display name cannot make a note or a thread line read as someone else', async () => {
    const honest = await story({ alice, bob, carol });
    // bob renames himself to read as carol, the approver everyone trusts, and carol as bob.
    const renamed = await story({
      alice,
      bob: { ...bob, displayName: 'carol@example.com' },
      carol: { ...carol, displayName: 'bob@example.com' },
    });
    for (const surface of ['slack', 'teams', 'web'] as const) {
      assert.equal(renamed[surface].card, honest[surface].card, `${surface} card notes do not change`);
      assert.equal(renamed[surface].lines, honest[surface].lines, `${surface} thread lines do not change`);
    }
    assert.match(renamed.slack.card, /Approved by bob@example\.com \(<@U0BOB00001>\)/);
    assert.doesNotMatch(renamed.slack.card + renamed.slack.lines, /Approved by carol/);
    assert.match(renamed.slack.lines, /Denied by carol@example\.com \(<@U0CAROL001>\): not now/);
  });

  test('on Teams, a renamed display name changes nothing either: the mention beside the username is the username', async () => {
    const honest = await story(onTeams);
    const renamed = await story({
      ...onTeams,
      bob: { ...onTeams.bob, displayName: 'carol@example.com' },
      carol: { ...onTeams.carol, displayName: 'bob@example.com' },
    });
    for (const surface of ['slack', 'teams', 'web'] as const) {
      assert.equal(renamed[surface].card, honest[surface].card, `${surface} card notes do not change`);
      assert.equal(renamed[surface].lines, honest[surface].lines, `${surface} thread lines do not change`);
    }
    for (const text of [renamed.teams.card, renamed.teams.lines]) {
      assert.match(text, /Approved by bob@example\.com \(<at>bob@example\.com<\/at>\)/);
      assert.match(text, /Denied by carol@example\.com \(<at>carol@example\.com<\/at>\): not now/);
      assert.match(
        text,
        /"mentioned":\{"id":"0b0b0000-aaaa-4bbb-8ccc-000000000002","name":"bob@example\.com"\}/,
      );
      assert.ok(!DISPLAY_NAMES.some((name) => text.includes(name)), 'no display name');
    }
    assert.doesNotMatch(
      renamed.slack.card + renamed.slack.lines,
      /<@|<at>/,
      'Slack mentions only Slack users',
    );
  });
});
