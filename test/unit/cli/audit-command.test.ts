import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { registerAuditCommands } from '../../../src/cli/audit-command.ts';
import type { AuditCommandIo } from '../../../src/cli/cli-io.ts';
import { auditJsonLines } from '../../../src/core/audit/jsonl.ts';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';
import { sampleChain } from '../core/audit/sample-events.ts';

interface Run {
  stdout: string[];
  stderr: string[];
  exitCode: number | undefined;
}

async function run(args: string[], files: Record<string, string> = {}, stdin = ''): Promise<Run> {
  const result: Run = { stdout: [], stderr: [], exitCode: undefined };
  const io: AuditCommandIo = {
    stdout: (line) => result.stdout.push(line),
    stderr: (line) => result.stderr.push(line),
    readFile: (path) => {
      const text = files[path];
      return text === undefined
        ? Promise.reject(new Error(`ENOENT: no such file or directory, open '${path}'`))
        : Promise.resolve(text);
    },
    readStdin: () => Promise.resolve(stdin),
    setExitCode: (code) => {
      result.exitCode = code;
    },
  };
  const program = new Command('countersign').exitOverride().configureOutput({
    writeOut: (s) => result.stdout.push(s),
    writeErr: (s) => result.stderr.push(s),
  });
  registerAuditCommands(program, io);
  try {
    await program.parseAsync(['audit', 'verify', ...args], { from: 'user' });
  } catch (error) {
    result.exitCode = (error as { exitCode?: number }).exitCode ?? -1;
  }
  return result;
}

const chain = sampleChain(4);
const intact = auditJsonLines.serialize(chain);

describe('countersign audit verify', () => {
  test('an intact export prints the count and head hash and exits 0', async () => {
    const r = await run(['audit.jsonl'], { 'audit.jsonl': intact });
    assert.deepEqual(r.stdout, [`ok: 4 records, head ${chain[3]?.hash}`]);
    assert.equal(r.exitCode, 0);
  });

  test('--json prints the verdict as one object, intact or broken', async () => {
    const ok = await run(['audit.jsonl', '--json'], { 'audit.jsonl': intact });
    assert.equal(ok.exitCode, 0);
    assert.deepEqual(
      ok.stdout.map((line) => JSON.parse(line) as unknown),
      [{ ok: true, count: 4, headHash: chain[3]?.hash }],
    );
    const lines = intact.split('\n');
    lines[1] = (lines[1] ?? '').replace('approver-2@example.com', 'mallory@example.com');
    const broken = await run(['audit.jsonl', '--json'], { 'audit.jsonl': lines.join('\n') });
    assert.equal(broken.exitCode, 1);
    const verdict = JSON.parse(broken.stdout[0] ?? '') as {
      ok: boolean;
      line: number;
      seq: number;
      problem: string;
    };
    assert.deepEqual([verdict.ok, verdict.line, verdict.seq], [false, 2, 2]);
    assert.match(verdict.problem, /^record seq 2 was edited/);
  });

  test('- reads the export from stdin', async () => {
    const r = await run(['-'], {}, intact);
    assert.deepEqual(r.stdout, [`ok: 4 records, head ${chain[3]?.hash}`]);
  });

  test('an edited line is named with its problem and exits 1', async () => {
    const lines = intact.split('\n');
    lines[1] = (lines[1] ?? '').replace('approver-2@example.com', 'mallory@example.com');
    const r = await run(['audit.jsonl'], { 'audit.jsonl': lines.join('\n') });
    assert.equal(r.exitCode, 1);
    assert.equal(r.stdout.length, 1);
    assert.match(r.stdout[0] ?? '', /^failed at line 2 \(seq 2\): record seq 2 was edited/);
  });

  test('a removed line is named and exits 1', async () => {
    const lines = intact.split('\n');
    lines.splice(2, 1);
    const r = await run(['audit.jsonl'], { 'audit.jsonl': lines.join('\n') });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.stdout, ['failed at line 3 (seq 4): expected seq 3 but found seq 4: seq 3 removed']);
  });

  test('a malformed line is named and exits 1', async () => {
    const r = await run(['audit.jsonl'], { 'audit.jsonl': `${intact}not json\n` });
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout[0] ?? '', /^failed at line 5: not valid JSON/);
  });

  test('a truncated export fails against --expect-count and passes against its checkpoint', async () => {
    const truncated = auditJsonLines.serialize(chain.slice(0, 3));
    const short = await run(['a.jsonl', '--expect-count', '4'], { 'a.jsonl': truncated });
    assert.equal(short.exitCode, 1);
    assert.match(short.stdout[0] ?? '', /^failed at line 4 \(seq 4\): chain ends after 3 records/);
    const grown = await run(['a.jsonl', '--expect-count', '3', '--expect-head', chain[2]?.hash ?? ''], {
      'a.jsonl': intact,
    });
    assert.equal(grown.exitCode, 0);
  });

  describe('--starts-after SEQ:HASH: an export that starts mid-chain', () => {
    const long = sampleChain(6);
    const tail = auditJsonLines.serialize(long.slice(3)); // seq 4–6, as `audit export --since` gives it
    const checkpoint = `3:${long[2]?.hash}`;

    test('verifies from the checkpoint: count and head of the whole chain', async () => {
      const r = await run(['tail.jsonl', '--starts-after', checkpoint], { 'tail.jsonl': tail });
      assert.deepEqual(r.stdout, [`ok: 6 records, head ${long[5]?.hash}`]);
      assert.equal(r.exitCode, 0);
      const pinned = await run(
        [
          'tail.jsonl',
          '--starts-after',
          checkpoint,
          '--expect-count',
          '5',
          '--expect-head',
          long[4]?.hash ?? '',
        ],
        { 'tail.jsonl': tail },
      );
      assert.equal(pinned.exitCode, 0, pinned.stdout.join('\n'));
    });

    test('without it a mid-chain export fails at its first line', async () => {
      const r = await run(['tail.jsonl'], { 'tail.jsonl': tail });
      assert.equal(r.exitCode, 1);
      assert.match(
        r.stdout[0] ?? '',
        /^failed at line 1 \(seq 4\): expected seq 1 but found seq 4: seq 1 to 3 removed/,
      );
    });

    test('a first line that does not continue the checkpoint fails: a record missing after it, or another chain', async () => {
      const gap = await run(['tail.jsonl', '--starts-after', `2:${long[1]?.hash}`], { 'tail.jsonl': tail });
      assert.equal(gap.exitCode, 1);
      assert.match(
        gap.stdout[0] ?? '',
        /^failed at line 1 \(seq 4\): expected seq 3 but found seq 4: seq 3 removed/,
      );
      const other = await run(['tail.jsonl', '--starts-after', `3:${'0'.repeat(64)}`], {
        'tail.jsonl': tail,
      });
      assert.equal(other.exitCode, 1);
      assert.match(
        other.stdout[0] ?? '',
        /^failed at line 1 \(seq 4\): the first record does not continue where the chain was trimmed: its prevHash is not 0{64}/,
      );
    });

    test('an edit inside the trimmed export is still found', async () => {
      const lines = tail.split('\n');
      lines[1] = (lines[1] ?? '').replace('approver-5@example.com', 'mallory@example.com');
      assert.notEqual(lines.join('\n'), tail, 'the sample record 5 names approver-5');
      const r = await run(['tail.jsonl', '--starts-after', checkpoint], { 'tail.jsonl': lines.join('\n') });
      assert.equal(r.exitCode, 1);
      assert.match(r.stdout[0] ?? '', /^failed at line 2 \(seq 5\): record seq 5 was edited/);
    });

    test('a malformed checkpoint is a usage error naming the expected shape', async () => {
      for (const bad of ['3', `x:${long[2]?.hash}`, '3:abc', `0:${long[2]?.hash}`]) {
        const r = await run(['tail.jsonl', '--starts-after', bad], { 'tail.jsonl': tail });
        assert.equal(r.exitCode, 1, bad);
        assert.match(r.stderr.join(''), /--starts-after.*(expected SEQ:HASH|SEQ must be 1 or more)/s, bad);
      }
    });
  });

  test('a bad --expect-head is a usage error, before any file is read', async () => {
    const r = await run(['a.jsonl', '--expect-head', 'abc'], {});
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr.join(''), /expected 64 lower-case hex digits/);
  });

  test('an unreadable file goes to stderr with exit 2', async () => {
    const r = await run(['missing.jsonl']);
    assert.equal(r.exitCode, 2);
    assert.deepEqual(r.stdout, []);
    assert.match(r.stderr[0] ?? '', /^cannot read missing.jsonl: ENOENT/);
  });

  test('runs as a real subprocess (the countersign command from source)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-audit-'));
    try {
      const good = join(dir, 'good.jsonl');
      const bad = join(dir, 'bad.jsonl');
      writeFileSync(good, intact);
      writeFileSync(bad, intact.replace('"seq":3', '"seq":7'));
      const ok = spawnSync(process.execPath, [...COUNTERSIGN_FROM_SOURCE, 'audit', 'verify', good], {
        encoding: 'utf8',
      });
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout, `ok: 4 records, head ${chain[3]?.hash}\n`);
      const broken = spawnSync(process.execPath, [...COUNTERSIGN_FROM_SOURCE, 'audit', 'verify', bad], {
        encoding: 'utf8',
      });
      assert.equal(broken.status, 1, broken.stderr);
      assert.match(broken.stdout, /^failed at line 3 \(seq 7\): record seq 7 was edited/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
