import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Redis } from 'ioredis';
import type { AuditEvent } from '../../../src/core/audit/audit-event.ts';
import { fileRequest } from '../../../src/core/lifecycle/file-request.ts';
import type { RequestRecord } from '../../../src/core/lifecycle/request-record.ts';
import type { TransitionResult } from '../../../src/core/lifecycle/transition-result.ts';
import type { AutoApproveDecision, RequireApprovalDecision } from '../../../src/core/policy/decision.ts';
import type { Principal } from '../../../src/core/ports/identity.ts';
import type { RequestStore } from '../../../src/core/ports/request-store.ts';
import { kindInfo } from '../../../src/core/requests/kinds.ts';
import type { AccessRequest, ActionRequest } from '../../../src/core/requests/request-types.ts';
import { createRedis } from '../../../src/adapters/store/create-redis.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';

/** Builders shared by the store's integration tests: people, decisions, filed requests. */
export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const alice: Principal = {
  platform: 'slack',
  platformUserId: 'U0ALICE',
  username: 'alice@example.com',
  groups: ['developers', 'payments'],
  email: 'alice@example.com',
  displayName: 'Alice Liddell',
};
export const bob: Principal = {
  platform: 'teams',
  platformUserId: 'b-0001',
  username: 'bob@example.com',
  groups: ['sre-leads'],
};
export const carol: Principal = {
  platform: 'web',
  platformUserId: 'oidc|carol',
  username: 'carol@example.com',
  groups: ['security'],
};

/** A fresh key prefix, so tests sharing one redis-server never see each other's keys. */
export function freshPrefix(): string {
  return `cs-test-${randomUUID().slice(0, 8)}`;
}

/** A store connection that tests close with `quit()`; errors while Redis is away are expected, not fatal. */
export function connect(url: string): Redis {
  const redis = createRedis(url);
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Gives this test file a private redis-server: started before its tests, with `use`
 * handed a connection to it (and its URL, for more connections); both stop after them.
 */
export function redisPerFile(use: (redis: Redis, url: string) => void): void {
  let server: RedisServer | undefined;
  let redis: Redis | undefined;
  before(async () => {
    server = await startRedis();
    redis = connect(server.url);
    use(redis, server.url);
  });
  after(async () => {
    await redis?.quit();
    await server?.stop();
  });
}

export function requireApproval(
  groups: string[] = ['sre-leads'],
  overrides: Partial<RequireApprovalDecision> = {},
): RequireApprovalDecision {
  return {
    outcome: 'require-approval',
    matchedRules: ['prod-needs-approval'],
    requirements: [{ rule: 'prod-needs-approval', approverGroups: groups, minApprovals: 1 }],
    approverGroups: groups,
    approvalsNeeded: 1,
    channels: { slack: ['#prod-approvals'], teams: ['19:abc@thread.tacv2'], web: ['default'] },
    stepUp: false,
    requesterStepUp: false,
    breakGlassAllowed: false,
    requestTtlSeconds: 3600,
    maxDurationSeconds: 8 * 3600,
    executeAs: 'requester',
    ...overrides,
  };
}

export const autoApprove: AutoApproveDecision = {
  outcome: 'auto-approve',
  matchedRules: ['staging-free'],
  executeAs: 'countersign',
  maxDurationSeconds: 8 * 3600,
  channels: { slack: [], teams: [], web: [] },
};

export function scaleRequest(replicas = 5): ActionRequest {
  return {
    type: 'action',
    verb: 'scale',
    replicas,
    target: { kind: kindInfo('Deployment'), name: 'api', namespace: 'prod-payments' },
    reason: 'INC-4312 load',
    incident: 'INC-4312',
    breakGlass: false,
  };
}

export function accessRequest(durationSeconds = 4 * 3600): AccessRequest {
  return {
    type: 'access',
    grant: { kind: 'role', role: 'view', scope: 'namespace' },
    namespace: 'prod-payments',
    durationSeconds,
    reason: 'debug INC-4312',
    breakGlass: false,
  };
}

/** A scale request filed at `at` by `requester`, pending approval by `groups`. */
export function pendingScale(
  id: string,
  options: { requester?: Principal; groups?: string[]; at?: number } = {},
): TransitionResult {
  return fileRequest({
    id,
    request: scaleRequest(),
    text: 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"',
    cluster: 'prod',
    requester: options.requester ?? alice,
    decision: requireApproval(options.groups),
    target: { labels: { app: 'api' }, annotations: { sensitivity: 'high' } },
    preview: ['scale api 3 → 5'],
    at: options.at ?? T0,
  });
}

/** An access request filed at `at`, approved at once by an auto-approve rule. */
export function autoApprovedAccess(
  id: string,
  durationSeconds: number,
  at = T0,
  requester = alice,
): TransitionResult {
  return fileRequest({
    id,
    request: accessRequest(durationSeconds),
    text: `access role/view -n prod-payments --for ${durationSeconds}s --reason "debug INC-4312"`,
    cluster: 'prod',
    requester,
    decision: autoApprove,
    at,
  });
}

/** Compare-and-sets one transition and fails the test unless the store took it. */
export async function advance(store: RequestStore, step: TransitionResult): Promise<RequestRecord> {
  assert.equal(
    await store.compareAndSet(step.record, step.events),
    true,
    `CAS to ${step.record.state} v${step.record.version}`,
  );
  return step.record;
}

/** Events whose order and content a test can recognise: `count` `queued` events for `requestId`. */
export function markerEvents(requestId: string, count: number, at = T0): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'queued' as const,
    requestId,
    at: new Date(at + i).toISOString(),
    actor: `writer-${requestId}`,
    details: {},
  }));
}
