import type { Command } from 'commander';
import { auditJsonLines } from '../core/audit/jsonl.ts';
import {
  expectationOf,
  parseCheckpoint,
  parseCount,
  parseHash,
  type VerifyFlags,
} from './audit-expectation.ts';
import { registerAuditBreakGlassCommand } from './audit-break-glass-command.ts';
import { registerAuditStoreCommands } from './audit-export-command.ts';
import { AUDIT_VERIFY_EXIT, runAuditVerify } from './audit-verify.ts';
import { processAuditIo, type AuditCommandIo } from './cli-io.ts';

/**
 * Registers `countersign audit verify FILE` (JSON lines, `-` for stdin), and the
 * commands that read the chain from Redis: `audit export`, `audit check` and
 * `audit break-glass`.
 */
export function registerAuditCommands(program: Command, io: AuditCommandIo = processAuditIo): Command {
  const audit = program.command('audit').description('Check and export the hash-chained audit log.');
  audit
    .command('verify')
    .description(
      'Verify a JSON-lines audit export: exits 0 and prints the head hash when intact, ' +
        '1 naming the first edited, removed or reordered record, 2 when the file cannot be read. ' +
        'An export that starts mid-chain (audit export --since, or a chain trimmed behind the audit sink) ' +
        'verifies from the checkpoint given with --starts-after.',
    )
    .argument('<file>', 'JSON-lines export, one audit record per line; - reads stdin')
    .option(
      '--expect-count <n>',
      'the chain must hold at least this many records (a noted checkpoint)',
      parseCount,
    )
    .option(
      '--expect-head <hash>',
      'hash of the last record, or of record --expect-count when both are given',
      parseHash,
    )
    .option(
      '--starts-after <seq:hash>',
      'the export continues the chain after record SEQ, whose hash is HASH: its first line must be seq SEQ+1 with prevHash HASH',
      parseCheckpoint,
    )
    .option('--json', 'print the verdict as one JSON object')
    .addHelpText(
      'after',
      '\nExamples:\n  countersign audit verify audit.jsonl --expect-count 120 --expect-head 3f2a…' +
        '\n  countersign audit export --since 2026-11-01T00:00:00Z | countersign audit verify - --starts-after 120:3f2a…',
    )
    .action(async (file: string, flags: VerifyFlags & { json?: boolean }) => {
      let text: string;
      try {
        text = file === '-' ? await io.readStdin() : await io.readFile(file);
      } catch (error) {
        io.stderr(`cannot read ${file}: ${(error as Error).message}`);
        io.setExitCode(AUDIT_VERIFY_EXIT.unreadable);
        return;
      }
      io.setExitCode(
        await runAuditVerify(auditJsonLines.parse(text), expectationOf(flags), io, flags.json === true),
      );
    });
  registerAuditStoreCommands(audit, io);
  registerAuditBreakGlassCommand(audit, io);
  return audit;
}
