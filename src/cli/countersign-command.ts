import { Command } from 'commander';
import { registerAuditCommands } from './audit-command.ts';
import { processAuditIo } from './cli-io.ts';
import { registerCompletionCommand } from './completion-command.ts';
import { registerGrantsCommands } from './grants-command.ts';
import { registerKubeconfigCommand } from './kubeconfig-command.ts';
import { packageVersion } from './package-version.ts';
import { registerPolicyCommands } from './policy-command.ts';
import { registerProcessCommands } from './process-commands.ts';
import { registerTeamsPackageCommand } from './teams-package-command.ts';

// `countersign audit export | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** The `countersign` command: every subcommand registers itself from its own file. */
const program = new Command('countersign')
  .description('A second signature on sensitive Kubernetes operations.')
  .version(packageVersion(), '-V, --version', 'prints the version of Countersign')
  .showHelpAfterError()
  .exitOverride();

registerPolicyCommands(program);
registerAuditCommands(program);
registerProcessCommands(program);
registerGrantsCommands(program, processAuditIo);
registerKubeconfigCommand(program, processAuditIo);
registerTeamsPackageCommand(program, processAuditIo);
registerCompletionCommand(program, processAuditIo);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { exitCode?: number }).exitCode;
  process.exitCode = typeof code === 'number' ? code : 1;
  if (typeof code !== 'number') console.error(error instanceof Error ? error.message : String(error));
}
