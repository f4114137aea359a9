import { InvalidArgumentError, type Command } from 'commander';
import { auditJsonLines } from '../core/audit/jsonl.ts';
import type { ChainExpectation } from '../core/audit/verify-chain.ts';
import { registerAuditBreakGlassCommand } from './audit-break-glass-command.ts';
import { registerAuditStoreCommands } from './audit-export-command.ts';
import { AUDIT_VERIFY_EXIT, runAuditVerify } from './audit-verify.ts';
import { processAuditIo, type AuditCommandIo } from './cli-io.ts';

interface VerifyFlags {
  expectCount?: number;
  expectHead?: string;
}

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
        '1 naming the first edited, removed or reordered record, 2 when the file cannot be read.',
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
    .addHelpText(
      'after',
      '\nExample:\n  countersign audit verify audit.jsonl --expect-count 120 --expect-head 3f2a…',
    )
    .action(async (file: string, flags: VerifyFlags) => {
      let text: string;
      try {
        text = file === '-' ? await io.readStdin() : await io.readFile(file);
      } catch (error) {
        io.stderr(`cannot read ${file}: ${(error as Error).message}`);
        io.setExitCode(AUDIT_VERIFY_EXIT.unreadable);
        return;
      }
      const expected: ChainExpectation = {
        ...(flags.expectCount === undefined ? {} : { count: flags.expectCount }),
        ...(flags.expectHead === undefined ? {} : { headHash: flags.expectHead }),
      };
      io.setExitCode(await runAuditVerify(auditJsonLines.parse(text), expected, io));
    });
  registerAuditStoreCommands(audit, io);
  registerAuditBreakGlassCommand(audit, io);
  return audit;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError('expected a whole number, e.g. --expect-count 120');
  return Number(value);
}

function parseHash(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new InvalidArgumentError('expected 64 lower-case hex digits');
  return value;
}
