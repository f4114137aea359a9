import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACCESS_EXAMPLES,
  COMMAND_WORDS,
  EXAMPLES,
  exampleFor,
} from '../../../../src/core/requests/examples.ts';
import { HELP_TOPICS, helpText } from '../../../../src/core/requests/help-text.ts';
import { KINDS } from '../../../../src/core/requests/kinds.ts';
import { parseCommand } from '../../../../src/core/requests/parse-command.ts';

describe('examples and help', () => {
  test('every canonical example parses, to the command it illustrates', () => {
    for (const word of COMMAND_WORDS) {
      const parsed = parseCommand(EXAMPLES[word]);
      const type = parsed.type === 'action' ? parsed.verb : parsed.type;
      assert.equal(type, word, EXAMPLES[word]);
    }
    for (const text of Object.values(ACCESS_EXAMPLES)) assert.equal(parseCommand(text).type, 'access', text);
  });

  test('help lists every command with its example', () => {
    const text = helpText();
    for (const word of COMMAND_WORDS) assert.ok(text.includes(exampleFor(word)), word);
  });

  test('help on each topic is specific and parses as a command', () => {
    for (const topic of HELP_TOPICS) {
      assert.deepEqual(parseCommand(`help ${topic}`), { type: 'help', topic });
      assert.notEqual(helpText(topic), helpText());
    }
    assert.ok(helpText('scale').includes('deployment, statefulset, replicaset'));
    for (const example of Object.values(ACCESS_EXAMPLES)) assert.ok(helpText('access').includes(example));
  });

  test('help kinds lists every alias', () => {
    const text = helpText('kinds');
    for (const alias of KINDS.flatMap((k) => k.aliases)) assert.ok(text.includes(alias), alias);
  });
});
