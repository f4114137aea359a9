import type { Command } from 'commander';
import { RedisRequestStore } from '../adapters/store/redis-request-store.ts';
import { requestTitle } from '../core/cards/request-title.ts';
import { formatDuration } from '../core/requests/duration.ts';
import type { AuditCommandIo } from './cli-io.ts';
import { redisForCli } from './redis-from-config.ts';

/** `countersign grants list [--json]`: every grant in force, soonest expiry first, with time left. */
export function registerGrantsCommands(
  program: Command,
  io: AuditCommandIo,
  now: () => number = Date.now,
): void {
  const grants = program.command('grants').description('Inspect access grants.');
  grants
    .command('list')
    .description('List the grants in force, soonest expiry first.')
    .option('--json', 'one JSON object per line')
    .action(async (flags: { json?: boolean }) => {
      const opened = redisForCli((line) => io.stderr(line));
      if (!opened) return io.setExitCode(2);
      const store = new RedisRequestStore(opened.redis, { keyPrefix: opened.config.redis.keyPrefix });
      try {
        const active = await store.listActiveGrants();
        for (const record of active) {
          const grant = record.grant;
          if (!grant) continue;
          const row = {
            id: record.id,
            grantee: record.requester.username,
            cluster: record.cluster,
            what: requestTitle(record.request),
            grantedAt: new Date(grant.grantedAt).toISOString(),
            expiresAt: new Date(grant.expiresAt).toISOString(),
            binding: grant.bindingName,
          };
          if (flags.json) io.stdout(JSON.stringify(row));
          else {
            const left = formatDuration(Math.max(0, Math.round((grant.expiresAt - now()) / 1000)));
            io.stdout(
              `${row.id}  ${row.grantee}  ${row.cluster}  ${row.what}  until ${row.expiresAt} (${left} left)`,
            );
          }
        }
        if (!flags.json) io.stderr(`${active.length} active ${active.length === 1 ? 'grant' : 'grants'}`);
      } finally {
        opened.redis.disconnect();
      }
    });
}
