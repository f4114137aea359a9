import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCard as renderSlackCard } from '../../../src/adapters/slack/render/render-card.ts';
import { renderCard as renderTeamsCard } from '../../../src/adapters/teams/render/render-card.ts';
import { renderLayout } from '../../../src/adapters/web/render/pages/layout.ts';
import { renderCard as renderWebCard } from '../../../src/adapters/web/render/render-card.ts';
import { buildApprovalCard } from '../../../src/core/cards/build-approval-card.ts';
import { eventLine } from '../../../src/core/cards/event-line.ts';
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

describe('people are named by one rule on every surface', () => {
  test('cards, thread lines, DMs and the console name people by Kubernetes username (Slack mention beside it), never by display name', async () => {
    const { deps, clock, submission } = workflowFixture();
    const { id } = await submitRequest(
      deps,
      submission('scale deployment/api --replicas 5 -n prod-payments --reason load', alice),
    );
    await decideRequest(deps, { requestId: id, person: bob, verdict: 'approve' });
    const { record } = await decideRequest(deps, {
      requestId: id,
      person: carol,
      verdict: 'deny',
      reason: 'not now',
    });
    const card = buildApprovalCard(record, clock.now());
    const lines = (await deps.store.listEvents(id)).flatMap(({ event }) => eventLine(event) ?? []);
    const rendered: Record<string, string> = {
      slack: JSON.stringify(renderSlackCard(card)),
      teams: JSON.stringify(renderTeamsCard(card)),
      web: renderWebCard(card, { csrfToken: 'token' }).value,
      'thread lines and DMs': lines.join('\n'),
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
    for (const surface of ['slack', 'teams', 'web', 'thread lines and DMs']) {
      assert.ok(rendered[surface]?.includes('bob@example.com'), `${surface} names the approver by username`);
      assert.ok(rendered[surface]?.includes('carol@example.com'), `${surface} names the denier by username`);
    }
    assert.ok(rendered.slack?.includes('alice@example.com (<@U0ALICE001>)'), 'Slack puts the mention beside');
  });
});
