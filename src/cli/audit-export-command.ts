import type { Command } from 'commander';
import { RedisAuditSink } from '../adapters/store/redis-audit-sink.ts';
import { auditJsonLines } from '../core/audit/jsonl.ts';
import { AUDIT_VERIFY_EXIT, runAuditVerify } from './audit-verify.ts';
import { expectationOf, parseCount, parseHash, type VerifyFlags } from './audit-expectation.ts';
import type { AuditCommandIo } from './cli-io.ts';
import { redisForCli } from './redis-from-config.ts';

/**
 * `countersign audit export [--since ISO]`: the audit chain from Redis as JSON lines
 * for a log pipeline (pipe it to `audit verify -`), and `countersign audit check`:
 * verifies the live chain in Redis without exporting it.
 */
export function registerAuditStoreCommands(audit: Command, io: AuditCommandIo): void {
  audit
    .command('export')
    .description('Print the audit chain from Redis as JSON lines, oldest first.')
    .option(
      '--since <iso-time>',
      'start at the first record at or after this time, e.g. 2026-11-01T00:00:00Z',
    )
    .action(async (flags: { since?: string }) => {
      if (flags.since !== undefined && Number.isNaN(Date.parse(flags.since))) {
        io.stderr(`--since: "${flags.since}" is not a time; use ISO 8601, e.g. --since 2026-11-01T00:00:00Z`);
        io.setExitCode(2);
        return;
      }
      const opened = redisForCli((line) => io.stderr(line));
      if (!opened) return io.setExitCode(2);
      const sink = new RedisAuditSink(opened.redis, { keyPrefix: opened.config.redis.keyPrefix });
      try {
        const mark = await sink.trimmed();
        if (mark) {
          io.stderr(
            `note: seq 1–${mark.seq - 1} were trimmed from Redis after the audit sink acknowledged them; the sink holds them`,
          );
        }
        const records = flags.since ? sink.readSince(flags.since) : sink.readAll();
        for await (const record of records) io.stdout(auditJsonLines.format(record));
      } finally {
        opened.redis.disconnect();
      }
    });
  audit
    .command('check')
    .description(
      'Verify the live audit chain in Redis (from where it was trimmed after delivery to the audit sink, if it was): ' +
        'exits 0 when intact, 1 naming the first bad record, ' +
        'a missing tail (the chain ends before its head, or before a checkpoint given with ' +
        '--expect-count/--expect-head) or a request whose audit records are gone from the chain.',
    )
    .option(
      '--expect-count <n>',
      'the chain must hold at least this many records (from an "audit checkpoint" log line)',
      parseCount,
    )
    .option(
      '--expect-head <hash>',
      'hash of the last record, or of record --expect-count when both are given',
      parseHash,
    )
    .option('--json', 'print the verdict as a JSON object (and one more per missing request record)')
    .addHelpText('after', '\nExample:\n  countersign audit check --expect-count 120 --expect-head 3f2a…')
    .action(async (flags: VerifyFlags & { json?: boolean }) => {
      const opened = redisForCli((line) => io.stderr(line));
      if (!opened) return io.setExitCode(2);
      const sink = new RedisAuditSink(opened.redis, { keyPrefix: opened.config.redis.keyPrefix });
      try {
        const json = flags.json === true;
        const mark = await sink.trimmed();
        if (mark && !json) {
          io.stdout(
            `note: seq 1–${mark.seq - 1} were trimmed from Redis after the audit sink acknowledged them; checking from seq ${mark.seq}`,
          );
        }
        const expected = {
          ...expectationOf(flags),
          ...(mark ? { startsAt: { seq: mark.seq, prevHash: mark.prevHash } } : {}),
        };
        const code = await runAuditVerify(sink.readAll(), expected, io, json);
        const missing = await sink.missingRecords();
        for (const problem of missing)
          io.stdout(json ? JSON.stringify({ ok: false, problem }) : `failed: ${problem}`);
        io.setExitCode(missing.length > 0 ? AUDIT_VERIFY_EXIT.broken : code);
      } finally {
        opened.redis.disconnect();
      }
    });
}
