import type {
  ApprovalRequirement,
  AutoApproveDecision,
  DenyDecision,
  RequireApprovalDecision,
} from '../../../../src/core/policy/decision.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';
import type { AccessRequest, ActionRequest } from '../../../../src/core/requests/request-types.ts';
import { fileRequest, type FileRequestInput } from '../../../../src/core/lifecycle/file-request.ts';
import type { RequestRecord, StepUpEvidence } from '../../../../src/core/lifecycle/request-record.ts';

/** Builders shared by the lifecycle tests: people, requests, decisions, filed records. */
export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const person = (id: string, username: string, groups: string[]): Principal => ({
  platform: 'slack',
  platformUserId: id,
  username,
  groups,
});

export const alice = person('U0ALICE', 'alice@example.com', ['developers']);
export const bob = person('U0BOB', 'bob@example.com', ['sre-leads']);
export const carol = person('U0CAROL', 'carol@example.com', ['sre-leads']);
export const dave = person('U0DAVE', 'dave@example.com', ['security']);
export const erin = person('U0ERIN', 'erin@example.com', ['sre-leads']);

export const scaleRequest: ActionRequest = {
  type: 'action',
  verb: 'scale',
  replicas: 5,
  target: { kind: kindInfo('Deployment'), name: 'api', namespace: 'prod-payments' },
  reason: 'INC-4312 load',
  incident: 'INC-4312',
  breakGlass: false,
};

export function accessRequest(
  durationSeconds = 4 * 3600,
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    type: 'access',
    grant: { kind: 'role', role: 'view', scope: 'namespace' },
    namespace: 'prod-payments',
    durationSeconds,
    reason: 'debug INC-4312',
    breakGlass: false,
    ...overrides,
  };
}

const noChannels = { slack: [], teams: [], web: [] };

export function requireApproval(overrides: Partial<RequireApprovalDecision> = {}): RequireApprovalDecision {
  const requirements: ApprovalRequirement[] = [
    { rule: 'prod-needs-sre', approverGroups: ['sre-leads'], minApprovals: overrides.approvalsNeeded ?? 1 },
  ];
  return {
    outcome: 'require-approval',
    matchedRules: requirements.map((r) => r.rule),
    requirements,
    approverGroups: ['sre-leads'],
    approvalsNeeded: 1,
    channels: { slack: ['#prod-approvals'], teams: [], web: [] },
    stepUp: false,
    requesterStepUp: false,
    breakGlassAllowed: false,
    requestTtlSeconds: 3600,
    maxDurationSeconds: 8 * 3600,
    executeAs: 'requester',
    ...overrides,
  };
}

/** 2 sre-leads and 1 security, as two matched rules would demand. */
export function sreAndSecurity(overrides: Partial<RequireApprovalDecision> = {}): RequireApprovalDecision {
  return requireApproval({
    matchedRules: ['prod-needs-sre', 'secrets-need-security'],
    requirements: [
      { rule: 'prod-needs-sre', approverGroups: ['sre-leads'], minApprovals: 2 },
      { rule: 'secrets-need-security', approverGroups: ['security'], minApprovals: 1 },
    ],
    approverGroups: ['sre-leads', 'security'],
    approvalsNeeded: 2,
    ...overrides,
  });
}

export const autoApprove: AutoApproveDecision = {
  outcome: 'auto-approve',
  matchedRules: ['staging-free'],
  executeAs: 'requester',
  maxDurationSeconds: 8 * 3600,
  channels: noChannels,
};

export const denyDecision: DenyDecision = {
  outcome: 'deny',
  matchedRules: ['no-prod-secrets'],
  reason: 'secrets in prod are never granted',
};

export function stepUpOf(who: Principal, at: number): StepUpEvidence {
  return {
    issuer: 'https://id.example.com',
    subject: who.platformUserId,
    acr: 'mfa',
    amr: ['otp'],
    authTime: at,
  };
}

/** Files a request and returns the record; defaults to a scale needing one sre-lead. */
export function filed(overrides: Partial<FileRequestInput> = {}): RequestRecord {
  return fileRequest({
    id: 'req-1',
    request: scaleRequest,
    text: 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"',
    cluster: 'prod',
    requester: alice,
    decision: requireApproval(),
    at: T0,
    ...overrides,
  }).record;
}
