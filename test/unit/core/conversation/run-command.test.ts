import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCommandOutcome } from '../../../../src/adapters/slack/render/render-command-replies.ts';
import type { ReplyCommand } from '../../../../src/core/conversation/command-outcome.ts';
import { runCommand } from '../../../../src/core/conversation/run-command.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import type { StepUpIntent, StepUpPort } from '../../../../src/core/ports/step-up.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';
import { people, workflowFixture } from '../workflow/workflow-harness.ts';

const POLICY = loadPolicy(
  `
apiVersion: countersign.io/v1alpha1
kind: ApprovalPolicy
metadata: { name: slack-step-up-test }
spec:
  approverGroups:
    sre-leads: { users: [bob@example.com, carol@example.com] }
  rules:
    - name: prod
      match: { namespaces: [prod-*] }
      outcome: require-approval
      approval: { approverGroups: [sre-leads], allowBreakGlass: true }
`,
  'slack-step-up-test',
);

const LINK = 'https://countersign.example.com/stepup/start/tok-123';
const breakGlassText =
  'scale deployment/api --replicas 9 -n prod-payments --incident INC-4312 --break-glass --reason "site down"';

/** A step-up port that hands out one fixed link and remembers what it was asked for. */
class FixedLinkStepUp implements StepUpPort {
  readonly intents: StepUpIntent[] = [];
  begin(intent: StepUpIntent): Promise<string> {
    this.intents.push(intent);
    return Promise.resolve(LINK);
  }
}

function fixture() {
  const base = workflowFixture();
  return { ...base, deps: { ...base.deps, policy: () => POLICY } };
}

describe('runCommand with requester step-up', () => {
  test('a filing that needs a fresh sign-in answers with the step-up link and files nothing', async () => {
    const { deps, store } = fixture();
    const stepUp = new FixedLinkStepUp();
    const command = parseCommand(breakGlassText) as ReplyCommand;
    const outcome = await runCommand({ workflow: deps, stepUp }, command, people.alice, breakGlassText);
    assert.ok(outcome.kind === 'step-up' && outcome.url === LINK, 'the outcome carries the link');
    const reply = renderCommandOutcome(outcome);
    assert.ok(JSON.stringify(reply.blocks).includes(LINK), 'the Slack reply carries the link');
    assert.match(reply.text, /sign in again/i);
    assert.deepEqual(stepUp.intents, [{ kind: 'file', text: breakGlassText, requester: people.alice }]);
    assert.equal(store.records.size, 0);
  });

  test('without a step-up port the refusal is thrown as it was', async () => {
    const { deps } = fixture();
    const command = parseCommand(breakGlassText) as ReplyCommand;
    await assert.rejects(runCommand({ workflow: deps }, command, people.alice, breakGlassText), {
      code: 'step_up_required',
    });
  });

  test('an ordinary filing is confirmed and never asks for step-up', async () => {
    const { deps, store } = fixture();
    const stepUp = new FixedLinkStepUp();
    const text = 'scale deployment/api --replicas 3 -n prod-payments --reason "load"';
    const outcome = await runCommand(
      { workflow: deps, stepUp },
      parseCommand(text) as ReplyCommand,
      people.alice,
      text,
    );
    assert.equal(stepUp.intents.length, 0);
    assert.equal(store.records.size, 1);
    const [id] = [...store.records.keys()];
    assert.ok(outcome.kind === 'filed' && outcome.record.id === id);
    const reply = renderCommandOutcome(outcome);
    assert.ok(id && reply.text.includes(id), reply.text);
  });
});
