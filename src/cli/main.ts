import { Command } from 'commander';
import { registerAuditCommands } from './audit-command.ts';
import { processAuditIo } from './cli-io.ts';
import { registerGrantsCommands } from './grants-command.ts';
import { registerPolicyCommands } from './policy-command.ts';
import { registerProcessCommands } from './process-commands.ts';

/** The `countersign` command: every subcommand registers itself from its own file. */
const program = new Command('countersign')
  .description('A second signature on sensitive Kubernetes operations.')
  .showHelpAfterError()
  .exitOverride();

registerPolicyCommands(program);
registerAuditCommands(program);
registerProcessCommands(program);
registerGrantsCommands(program, processAuditIo);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { exitCode?: number }).exitCode;
  process.exitCode = typeof code === 'number' ? code : 1;
  if (typeof code !== 'number') console.error(error instanceof Error ? error.message : String(error));
}
