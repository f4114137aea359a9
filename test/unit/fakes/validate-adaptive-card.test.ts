import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateAdaptiveCard } from '../../fakes/fake-teams/validate-adaptive-card.ts';

const card = (version: string, body: unknown[], actions?: unknown[]): Record<string, unknown> => ({
  type: 'AdaptiveCard',
  version,
  body,
  ...(actions ? { actions } : {}),
});
const execute = { type: 'Action.Execute', title: 'Approve', verb: 'v', data: { requestId: 'r' } };

void describe('validateAdaptiveCard', () => {
  void test('accepts the elements Countersign uses at the version that has them', () => {
    const ok = card(
      '1.5',
      [
        { type: 'TextBlock', text: 'x', style: 'heading', wrap: true },
        { type: 'FactSet', facts: [{ title: 'a', value: 'b' }] },
        { type: 'Container', items: [{ type: 'Input.Text', id: 'reason', isRequired: true, label: 'Why' }] },
      ],
      [
        execute,
        {
          type: 'Action.ShowCard',
          title: 'More',
          card: {
            type: 'AdaptiveCard',
            body: [{ type: 'Input.ChoiceSet', id: 'd', choices: [{ title: '1h', value: '1h' }] }],
          },
        },
      ],
    );
    assert.deepEqual(validateAdaptiveCard(ok), []);
  });

  void test('names what the declared version does not have', () => {
    const problems = validateAdaptiveCard(
      card('1.3', [{ type: 'TextBlock', text: 'x', style: 'heading' }], [execute]),
    );
    assert.ok(problems.some((p) => p.startsWith('$.body[0].style: needs version 1.5')));
    assert.ok(problems.some((p) => p.startsWith('$.actions[0]: Action.Execute needs version 1.4')));
  });

  void test('refuses unknown properties and types, wrong enums, missing required values', () => {
    const problems = validateAdaptiveCard(
      card('1.5', [
        { type: 'TextBlock', text: 'x', colour: 'red' },
        { type: 'TextBlock', text: 'x', color: 'red' },
        { type: 'FactSet' },
        { type: 'Media', sources: [] },
        { type: 'Input.Text' },
      ]),
    );
    assert.deepEqual(problems, [
      '$.body[0].colour: not a property of TextBlock',
      '$.body[1].color: must be one of default, dark, light, accent, good, warning, attention',
      '$.body[2].facts: required',
      '$.body[3]: type Media is not allowed here or not checked',
      '$.body[4].id: required',
    ]);
  });

  void test('refuses duplicate input IDs, malformed facts, too many actions and a missing version', () => {
    const input = { type: 'Input.Text', id: 'same' };
    assert.ok(validateAdaptiveCard(card('1.5', [input, input])).some((p) => /used twice/.test(p)));
    assert.ok(
      validateAdaptiveCard(card('1.5', [{ type: 'FactSet', facts: [{ title: 'a', value: 1 }] }])).some((p) =>
        /title, value/.test(p),
      ),
    );
    assert.ok(
      validateAdaptiveCard(
        card(
          '1.5',
          [],
          Array.from({ length: 7 }, () => execute),
        ),
      ).some((p) => /at most 6/.test(p)),
    );
    assert.deepEqual(validateAdaptiveCard({ type: 'AdaptiveCard', body: [] }).length, 1);
  });
});
