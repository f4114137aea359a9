import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuditFormatError } from '../../../../src/core/audit/audit-format-error.ts';
import { auditJsonLines } from '../../../../src/core/audit/jsonl.ts';
import { verifyChain } from '../../../../src/core/audit/verify-chain.ts';
import { sampleChain } from './sample-events.ts';

const parseAll = (text: string) => [...auditJsonLines.parse(text)];

function formatError(run: () => unknown): AuditFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof AuditFormatError) return error;
    throw error;
  }
  return assert.fail('expected an AuditFormatError');
}

describe('audit JSON lines', () => {
  test('serialise then parse gives back the same records, one per line', () => {
    const chain = sampleChain(3);
    const text = auditJsonLines.serialize(chain);
    assert.equal(text.split('\n').length, 4);
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(parseAll(text), chain);
    assert.equal(verifyChain(auditJsonLines.parse(text)).ok, true);
  });

  test('the final newline is optional and CRLF line ends are accepted', () => {
    const chain = sampleChain(2);
    const lines = chain.map((r) => auditJsonLines.format(r));
    assert.deepEqual(parseAll(lines.join('\n')), chain);
    assert.deepEqual(parseAll(`${lines.join('\r\n')}\r\n`), chain);
    assert.deepEqual(parseAll(''), []);
  });

  test('a line that is not JSON is an error naming the line', () => {
    const lines = auditJsonLines.serialize(sampleChain(3)).split('\n');
    lines[1] = '{"seq": 2, "prevHash": ';
    const error = formatError(() => parseAll(lines.join('\n')));
    assert.equal(error.line, 2);
    assert.equal(error.code, 'audit_malformed');
    assert.match(error.message, /^line 2: not valid JSON/);
  });

  test('a record missing a field is an error naming the line and the field', () => {
    const [first, second] = sampleChain(2);
    const broken = { ...second, hash: undefined };
    const text = `${JSON.stringify(first)}\n${JSON.stringify(broken)}\n`;
    const error = formatError(() => parseAll(text));
    assert.equal(error.line, 2);
    assert.match(error.message, /hash/);
  });

  test('an unknown event type or an extra top-level field is refused', () => {
    const [first] = sampleChain(1);
    if (!first) assert.fail();
    const badType = { ...first, event: { ...first.event, type: 'approved-by-fiat' } };
    assert.match(formatError(() => parseAll(JSON.stringify(badType))).message, /line 1: .*event\.type/);
    const extra = { ...first, note: 'unhashed' };
    assert.match(formatError(() => parseAll(JSON.stringify(extra))).message, /line 1: not an audit record/);
  });

  test('an empty line in the middle is an error, so positions stay line numbers', () => {
    const lines = auditJsonLines.serialize(sampleChain(3)).split('\n');
    lines.splice(1, 0, '');
    assert.equal(formatError(() => parseAll(lines.join('\n'))).line, 2);
  });

  test('fields the schema does not know inside an event are kept, so the hash still covers them', () => {
    const [first] = sampleChain(1);
    if (!first) assert.fail();
    const tampered = { ...first, event: { ...first.event, extra: 'added later' } };
    const [parsed] = parseAll(JSON.stringify(tampered));
    assert.deepEqual(parsed, tampered);
    assert.equal(verifyChain(parsed ? [parsed] : []).ok, false);
  });
});
