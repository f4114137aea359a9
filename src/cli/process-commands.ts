import type { Command } from 'commander';
import { createLogger } from '../adapters/log/logger.ts';
import { runProcess, type ProcessRoles } from '../app/run-process.ts';
import { loadConfig } from '../config/load.ts';
import { redactConfig } from '../config/redact.ts';
import { ConfigInvalidError } from '../core/errors.ts';
import { startedUp } from './configure-runtime.ts';

const ROLES: Readonly<Record<'serve' | 'worker' | 'proxy' | 'start', ProcessRoles>> = {
  serve: { serve: true, worker: false },
  worker: { serve: false, worker: true },
  proxy: { serve: false, worker: false, proxy: true },
  start: { serve: true, worker: true },
};

/** Runs one process kind until SIGTERM or SIGINT, then shuts down gracefully. */
async function run(kind: keyof typeof ROLES): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigInvalidError) {
      console.error('countersign: the configuration is invalid:');
      for (const issue of error.issues) console.error(`  ${issue.variable}: ${issue.message}`);
      console.error('See .env.example for every setting.');
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const logger = createLogger(config);
  logger.debug({ config: redactConfig(config) }, 'configuration loaded');
  // Signals are taken from the first moment, so a SIGTERM during start-up (a Slack
  // connection still being opened) is a graceful shutdown too, not a kill.
  const controller = new AbortController();
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  void signalled.then((signal) => {
    logger.info({ signal }, 'shutting down');
    controller.abort();
  });
  let running;
  try {
    // `start` is everything this configuration enables: the proxy too once its TLS is set.
    const roles = kind === 'start' ? { ...ROLES.start, proxy: config.proxy.tls !== undefined } : ROLES[kind];
    running = await runProcess(config, roles, logger, { signal: controller.signal });
    startedUp();
  } catch (error) {
    if (controller.signal.aborted) {
      logger.info('stopped during start-up');
      return;
    }
    if (error instanceof ConfigInvalidError) {
      console.error('countersign: the configuration is invalid:');
      for (const issue of error.issues) console.error(`  ${issue.variable}: ${issue.message}`);
      process.exitCode = 2;
      return;
    }
    logger.error({ err: error }, 'start-up failed');
    throw error;
  }
  await signalled;
  try {
    await running.stop();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
  // A job handed back at the end of SHUTDOWN_GRACE may still be running here (a call
  // that has not answered, its client's retries): it must not go on beside the worker
  // that takes it over, so the process ends now rather than when its last timer does.
  process.exit();
}

/** `countersign serve`, `countersign worker`, `countersign proxy` and `countersign start` (all in one process). */
export function registerProcessCommands(program: Command): void {
  program
    .command('serve')
    .description('Serve chat ingress (Slack, Teams), the web console, health and metrics.')
    .action(() => run('serve'));
  program
    .command('worker')
    .description('Run the job processors: execute approved actions, create and revoke grants, notify, sweep.')
    .action(() => run('worker'));
  program
    .command('proxy')
    .description(
      'Run the kubectl proxy: the Kubernetes API over HTTPS, where policy-governed requests wait for approval.',
    )
    .action(() => run('proxy'));
  program
    .command('start')
    .description(
      'Run serve and worker in one process (the default for a first run), and the kubectl proxy when PROXY_TLS_* is set.',
    )
    .action(() => run('start'));
}
