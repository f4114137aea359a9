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

  void test('mentions as Teams checks them: each <at> with exactly one entity of identical text and a person, and each entity shown', () => {
    const id = '0b0b0000-aaaa-4bbb-8ccc-000000000002';
    const mention = (text: string, mentioned: unknown = { id, name: 'bob' }) => ({
      type: 'mention',
      text,
      mentioned,
    });
    const withMentions = (texts: string[], entities: unknown, fact = ''): Record<string, unknown> => ({
      ...card('1.5', [
        ...texts.map((text) => ({ type: 'TextBlock', text })),
        { type: 'FactSet', facts: [{ title: 'Requester', value: fact }] },
      ]),
      ...(entities === undefined ? {} : { msteams: { entities } }),
    });
    const problems = (texts: string[], entities: unknown, fact?: string): string =>
      validateAdaptiveCard(withMentions(texts, entities, fact)).join('\n');
    assert.equal(problems(['Hi <at>bob</at>', 'again <at>bob</at>'], [mention('<at>bob</at>')]), '');
    assert.equal(
      problems([], [mention('<at>bob</at>', { id: '29:1xyz', name: 'b' })], 'bob (<at>bob</at>)'),
      '',
    );
    assert.match(problems(['Hi <at>bob</at>'], undefined), /<at>bob<\/at> has 0 mention entities/);
    assert.match(
      problems(['Hi <at>bob</at>'], [mention('<at>bo</at>')]),
      /entity <at>bo<\/at> is not in the text/,
    );
    assert.match(problems(['Hi'], [mention('<at>bob</at>')]), /is not in the text/);
    assert.match(
      problems(['Hi <at>bob</at>'], [mention('<at>bob</at>'), mention('<at>bob</at>')]),
      /has 2 mention entities/,
    );
    assert.match(
      problems(['Hi <at>bob</at>'], [mention('<at>bob</at>', { id: 'bob', name: 'b' })]),
      /is not a Teams user ID/,
    );
    assert.match(problems(['Hi <at>bob</at>'], [mention('<at>bob</at>', { id })]), /exactly \{ id, name \}/);
    assert.match(
      problems(['Hi <at>bob</at>'], [{ ...mention('<at>bob</at>'), type: 'hashtag' }]),
      /type must be mention/,
    );
    assert.match(problems(['Hi <at>bob'], []), /unpaired <at>/);
    assert.match(problems(['Hi bob</at>'], undefined), /unpaired <at>/);
    assert.match(
      validateAdaptiveCard({ ...card('1.5', []), msteams: { width: 'Full', x: 1 } }).join(),
      /must be \{ entities \}/,
    );
    const nested = card(
      '1.5',
      [],
      [{ type: 'Action.ShowCard', title: 't', card: { type: 'AdaptiveCard', body: [], msteams: {} } }],
    );
    assert.match(validateAdaptiveCard(nested).join(), /msteams: not a property/);
  });
});
