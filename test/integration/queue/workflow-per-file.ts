import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pino } from 'pino';
import type { composeWorkflow } from '../../../src/app/compose-workflow.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

/** The logger the queue tests give the workflow and the worker. */
export const silent = pino({ level: 'silent' });

/** A person the queue tests' policies name, signed in to the console, in no groups. */
export function person(name: string): Principal {
  return { platform: 'web', platformUserId: `id-${name}`, username: name, groups: [] };
}

/** What a queue test file shares: its private redis-server, its policy, and what to close after its tests. */
export interface WorkflowFile {
  /** The redis-server's URL (after the file's `before` hooks). */
  url(): string;
  /** The workflow settings for a fresh key prefix on that server, this file's policy and cluster `test`. */
  config(): Parameters<typeof composeWorkflow>[0];
  /** Closes each of `close` after the file's tests, the last registered first, before the server stops. */
  closeAfter(...close: (() => Promise<void>)[]): void;
}

/**
 * Gives this test file a private redis-server and a policy file holding `policy`:
 * started before its tests (then `setUp` runs, handed the server's URL); what was
 * registered with `closeAfter`, then the server, stopped after them.
 */
export function workflowPerFile(policy: string, setUp?: (url: string) => Promise<void>): WorkflowFile {
  let server: RedisServer | undefined;
  let dir: string | undefined;
  const closing: (() => Promise<void>)[] = [];
  before(async () => {
    server = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'countersign-queue-'));
    writeFileSync(join(dir, 'policy.yaml'), policy);
    await setUp?.(server.url);
  });
  after(async () => {
    for (const close of closing.reverse()) await close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const started = () => {
    if (!server || !dir) throw new Error('workflowPerFile: used before its before hook ran');
    return { server, dir };
  };
  return {
    url: () => started().server.url,
    config: () => {
      const { server, dir } = started();
      return {
        redis: { url: server.url, keyPrefix: `cs-${randomBytes(3).toString('hex')}` },
        kubernetes: { clusters: [{ name: 'test', context: 'test' }], defaultCluster: 'test' },
        policyFile: join(dir, 'policy.yaml'),
        tuning: { remindBeforeMs: 15 * 60_000 },
      };
    },
    closeAfter: (...close) => {
      closing.push(...close);
    },
  };
}
