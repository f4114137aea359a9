import type { Command } from 'commander';
import { RedisAuditSink } from '../adapters/store/redis-audit-sink.ts';
import { RedisRequestStore } from '../adapters/store/redis-request-store.ts';
import type { AuditRecord } from '../core/audit/audit-record.ts';
import { requestTitle } from '../core/cards/request-title.ts';
import type { RequestRecord } from '../core/lifecycle/request-record.ts';
import type { RequestStore } from '../core/ports/request-store.ts';
import type { CliWriters } from './audit-verify.ts';
import { redisForCli } from './redis-from-config.ts';

/** One break-glass run as the audit command lists it. */
export interface BreakGlassRow {
  readonly id: string;
  readonly incident: string;
  readonly requester: string;
  /** ISO 8601 time it ran. */
  readonly at: string;
  readonly what?: string;
  readonly cluster?: string;
  readonly state?: string;
  readonly reviewedBy?: string;
  readonly reviewedAt?: string;
}

/**
 * `countersign audit break-glass [--unreviewed] [--json]`: every break-glass run the
 * audit chain records, with who acknowledged it; `--unreviewed` lists, from the store's
 * index, only those no approver has acknowledged yet.
 */
export function registerAuditBreakGlassCommand(
  audit: Command,
  io: CliWriters & { setExitCode(code: number): void },
): void {
  audit
    .command('break-glass')
    .description('List break-glass runs, oldest first, and who acknowledged each.')
    .option('--unreviewed', 'only runs no approver has acknowledged yet')
    .option('--json', 'one JSON object per line')
    .action(async (flags: { unreviewed?: boolean; json?: boolean }) => {
      const opened = redisForCli((line) => io.stderr(line));
      if (!opened) return io.setExitCode(2);
      const keyPrefix = opened.config.redis.keyPrefix;
      const store = new RedisRequestStore(opened.redis, { keyPrefix });
      try {
        const rows = flags.unreviewed
          ? (await store.listUnreviewedBreakGlass()).flatMap(rowOfRecord)
          : await rowsFromChain(new RedisAuditSink(opened.redis, { keyPrefix }).readAll(), store);
        for (const row of rows) io.stdout(flags.json ? JSON.stringify(row) : formatRow(row));
        if (!flags.json) {
          const open = rows.filter((row) => row.reviewedBy === undefined).length;
          io.stderr(`${rows.length} break-glass ${rows.length === 1 ? 'run' : 'runs'}, ${open} unreviewed`);
        }
      } finally {
        opened.redis.disconnect();
      }
    });
}

/** The row of a stored break-glass record; none for a record that did not run as break-glass. */
export function rowOfRecord(record: RequestRecord): BreakGlassRow[] {
  const breakGlass = record.breakGlass;
  if (!breakGlass) return [];
  const review = breakGlass.review;
  return [
    {
      id: record.id,
      incident: breakGlass.incident,
      requester: record.requester.username,
      at: new Date(breakGlass.at).toISOString(),
      what: requestTitle(record.request),
      cluster: record.cluster,
      state: record.state,
      ...(review ? { reviewedBy: review.by.username, reviewedAt: new Date(review.at).toISOString() } : {}),
    },
  ];
}

/**
 * Every break-glass run in the chain, in chain order, with its acknowledgement from the
 * chain too (the record, when still stored, adds what ran and its state). The chain is
 * the source, so a run is listed even if its record were lost.
 */
export async function rowsFromChain(
  chain: AsyncIterable<AuditRecord>,
  store: Pick<RequestStore, 'get'>,
): Promise<BreakGlassRow[]> {
  const runs = new Map<string, BreakGlassRow>();
  for await (const { event } of chain) {
    if (event.type === 'break-glass') {
      runs.set(event.requestId, {
        id: event.requestId,
        incident: event.details.incident,
        requester: event.actor,
        at: event.at,
      });
    } else if (event.type === 'break-glass-reviewed') {
      const run = runs.get(event.requestId);
      if (run && run.reviewedBy === undefined) {
        runs.set(event.requestId, { ...run, reviewedBy: event.actor, reviewedAt: event.at });
      }
    }
  }
  const rows: BreakGlassRow[] = [];
  for (const run of runs.values()) {
    const record = await store.get(run.id);
    rows.push(
      record
        ? { ...run, what: requestTitle(record.request), cluster: record.cluster, state: record.state }
        : run,
    );
  }
  return rows;
}

function formatRow(row: BreakGlassRow): string {
  const review = row.reviewedBy
    ? `acknowledged by ${row.reviewedBy} at ${row.reviewedAt ?? '?'}`
    : 'UNREVIEWED';
  const what = row.what ? `  ${row.cluster ?? '?'}  ${row.what}  (${row.state ?? '?'})` : '';
  return `${row.id}  ${row.incident}  ${row.requester}  ${row.at}${what}  ${review}`;
}
