import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { escapeSlackCode, escapeSlackText } from '../../../../src/adapters/slack/render/escape-mrkdwn.ts';
import { toPlainText } from '../../../../src/adapters/slack/render/plain-text.ts';

describe('escapeSlackText', () => {
  test('mentions and links become literal text', () => {
    assert.equal(escapeSlackText('<!channel> hi <@U123>'), '&lt;!channel&gt; hi &lt;@U123&gt;');
    assert.equal(escapeSlackText('<http://evil|bank.com>'), '&lt;http://evil|bank.com&gt;');
    assert.equal(escapeSlackText('a & b &lt;'), 'a &amp; b &amp;lt;', 'typed entities stay visible as typed');
    assert.equal(
      escapeSlackText('@here @channel @everyone a@here.com'),
      '＠here ＠channel ＠everyone a@here.com',
    );
  });

  test('formatting markers cannot format, but identifiers keep their underscores', () => {
    assert.equal(escapeSlackText('*bold* _it_ ~s~ `code` ```x```'), '∗bold∗ ˍitˍ ∼s∼ ˋcodeˋ ˋˋˋxˋˋˋ');
    assert.equal(escapeSlackText('db_creds first_last@example.com'), 'db_creds first_last@example.com');
    assert.equal(escapeSlackText('x*y*z'), 'x∗y∗z');
    assert.equal(escapeSlackText('> quote\n  >> nested\na > b'), '› quote\n  ›&gt; nested\na &gt; b');
  });

  test('emoji shortcodes are broken, clock times are not', () => {
    assert.equal(
      escapeSlackText(':white_check_mark: ok :+1: at 10:30:00'),
      '∶white_check_mark: ok ∶+1: at 10:30:00',
    );
  });

  test('control, zero-width and bidi characters go; blank lines collapse; lines are limited', () => {
    assert.equal(escapeSlackText('a\u200b*b*\u202e\u0007c'), 'a∗b∗c');
    assert.equal(escapeSlackText('one\r\n\r\n\r\ntwo\tthree'), 'one\ntwo three');
    assert.equal(escapeSlackText('1\n2\n3\n4', { maxLines: 2 }), '1\n2 3 4');
    assert.equal(escapeSlackText('1\n2\n3', { maxLines: 1 }), '1 2 3');
  });

  test('truncation ends with … and never cuts an entity or a surrogate pair', () => {
    assert.equal(escapeSlackText('&&&&', { maxLength: 12 }), '&amp;&amp;…');
    assert.equal(escapeSlackText('😀😀😀', { maxLength: 5 }), '😀😀…');
    assert.equal(escapeSlackText('abc', { maxLength: 3 }), 'abc');
    assert.equal(escapeSlackText('abcd', { maxLength: 3 }), 'ab…');
  });

  test('for any input: no raw < or >, no bare &, no markers, within the length', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        (input, maxLength) => {
          const out = escapeSlackText(input, { maxLength });
          assert.ok(out.length <= maxLength);
          assert.doesNotMatch(out, /[<>*~`]/);
          assert.doesNotMatch(out, /&(?!amp;|lt;|gt;)/);
          assert.doesNotMatch(out, /(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u);
          assert.doesNotMatch(out, /(^|\n)\s*&gt;/);
          assert.doesNotMatch(out, /\n\n/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('escapeSlackCode and toPlainText', () => {
  test('a code span keeps * and _ but cannot be closed early or carry a link', () => {
    assert.equal(
      escapeSlackCode('access get,list pods --reason "a*b_c" `x` <!here>'),
      'access get,list pods --reason "a*b_c" ˋxˋ &lt;!here&gt;',
    );
    assert.equal(escapeSlackCode('a\nb'), 'a b');
  });

  test('plain text is one line, literal, cut with …, never empty', () => {
    assert.equal(toPlainText('a\nb <!channel> & *x*', 100), 'a b ＜!channel＞ & *x*');
    assert.equal(toPlainText('abcdef', 4), 'abc…');
    assert.equal(toPlainText(' \u200b ', 10), '—');
  });
});
