import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_COMMAND_BYTES, tokenize } from '../../../../src/core/requests/tokenize.ts';

const values = (text: string): string[] => tokenize(text).map((t) => t.value);

describe('tokenize', () => {
  test('splits on any run of whitespace, including tabs, newlines and no-break spaces', () => {
    assert.deepEqual(values('  a \t b\nc\u00a0d  '), ['a', 'b', 'c', 'd']);
  });

  test('double and single quotes group words and are removed', () => {
    assert.deepEqual(values(`--reason "stuck in Terminating" 'two words'`), [
      '--reason',
      'stuck in Terminating',
      'two words',
    ]);
  });

  test('typographic quotes from Slack and macOS act as quotes', () => {
    assert.deepEqual(values('--reason “stuck in Terminating” ‘it works’ „low”'), [
      '--reason',
      'stuck in Terminating',
      'it works',
      'low',
    ]);
  });

  test('each quote family closes only itself, so the others stay literal inside', () => {
    assert.deepEqual(values(`"he said “hi” and 'bye'"`), [`he said “hi” and 'bye'`]);
    assert.deepEqual(values(`“a "b" c”`), ['a "b" c']);
    assert.deepEqual(values(`'{"a":"b"}'`), ['{"a":"b"}']);
  });

  test('backslash escapes quotes and backslashes inside double quotes only', () => {
    assert.deepEqual(values('"a \\"b\\" \\\\ c \\n"'), ['a "b" \\ c \\n']);
    assert.deepEqual(values("'a \\' b"), ['a \\', 'b']);
  });

  test('a typographic apostrophe inside a bare word is literal', () => {
    assert.deepEqual(values('won’t start'), ['won’t', 'start']);
  });

  test('quotes join with adjacent bare text, as in --reason="a b"', () => {
    assert.deepEqual(tokenize('--reason="a b"'), [{ value: '--reason=a b', bare: true }]);
  });

  test('a token that starts quoted is not bare, so it can never be a flag', () => {
    assert.deepEqual(tokenize('"--reason" ""'), [
      { value: '--reason', bare: false },
      { value: '', bare: false },
    ]);
  });

  test('an unbalanced quote is an error naming where it starts', () => {
    for (const text of ['a "b c', "a 'b", 'a “b', 'a ‘b']) {
      assert.throws(
        () => tokenize(text),
        (e: { code?: string; message?: string }) => {
          assert.equal(e.code, 'unbalanced_quote');
          assert.ok(e.message?.includes('b'), e.message);
          return true;
        },
      );
    }
  });

  test('input over the byte limit is refused; at the limit it is read', () => {
    assert.equal(tokenize('a'.repeat(MAX_COMMAND_BYTES)).length, 1);
    assert.throws(() => tokenize('a'.repeat(MAX_COMMAND_BYTES + 1)), { code: 'input_too_long' });
    assert.throws(() => tokenize('é'.repeat(MAX_COMMAND_BYTES / 2 + 1)), { code: 'input_too_long' });
  });
});
