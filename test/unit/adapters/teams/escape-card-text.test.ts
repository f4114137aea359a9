import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { escapeCardText, plainCardText } from '../../../../src/adapters/teams/render/escape-card-text.ts';

void describe('escapeCardText', () => {
  void test('formatting and link syntax become lookalikes; words stay readable', () => {
    assert.equal(escapeCardText('**bold** _it_ ~s~ `c`'), '∗∗bold∗∗ ˍitˍ ∼s∼ ˋcˋ');
    assert.equal(escapeCardText('[bank.com](https://evil.example)'), '［bank.com］(https://evil.example)');
    assert.equal(escapeCardText('db_creds_v2 in my_ns'), 'db_creds_v2 in my_ns');
    assert.equal(
      escapeCardText('{{DATE(2017-02-14T06:08:39Z, SHORT)}}'),
      '｛{DATE(2017-02-14T06:08:39Z, SHORT)｝}'.replace('｝}', '}}'),
    );
  });

  void test('user text cannot open or close a Teams mention tag; other angle brackets stay', () => {
    assert.equal(
      escapeCardText('<at>carol</at> and <AT id="0">x</At >'),
      '‹at>carol‹/at> and ‹AT id="0">x‹/At >',
    );
    assert.equal(escapeCardText('a <b> <atom> <attr </a> 1<2'), 'a <b> <atom> <attr </a> 1<2');
  });

  void test('a line cannot start a heading, quote or list', () => {
    assert.equal(
      escapeCardText('# big\n> quote\n- item\n+ item\n2. second\n3) third'),
      '＃ big\n› quote\n‐ item\n＋ item\n2․ second\n3） third',
    );
    assert.equal(escapeCardText('version 2. is fine'), 'version 2. is fine');
  });

  void test('invisible characters go, lines and length are bounded', () => {
    assert.equal(escapeCardText('a\u200bb\u202ec\r\n\r\nd\te'), 'abc\nd e');
    assert.equal(escapeCardText('1\n2\n3\n4', { maxLines: 2 }), '1\n2 3 4');
    assert.equal(escapeCardText('abcdefghij', { maxLength: 5 }), 'abcd…');
    assert.equal(plainCardText('a\nb **c**', 100), 'a b ∗∗c∗∗');
  });

  void test('never produces markdown links, emphasis markers or invisible characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (text, maxLength) => {
        const out = escapeCardText(text, { maxLength });
        assert.ok(out.length <= maxLength);
        assert.doesNotMatch(out, /[*`~[\]]|\{\{|[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });
});
