import type { ApprovalCard, CardAction } from '../../../../src/core/cards/approval-card.ts';
import { personText, type NamedPerson } from '../../../../src/core/cards/person-text.ts';

/** Cards as `buildApprovalCard` shapes them, one per state the renderers must show. */
export const REQUEST_ID = 'cs-k7m2q4x5ba';

/** Approvers as notes name them: Kubernetes username, with the Slack ID they clicked from. */
const bob: NamedPerson = {
  username: 'bob@example.com',
  chat: { platform: 'slack', platformUserId: 'UBOB000001' },
};
const carol: NamedPerson = {
  username: 'carol@example.com',
  chat: { platform: 'slack', platformUserId: 'UCAROL0001' },
};

const approveDeny: CardAction[] = [
  { id: 'approve', label: 'Approve', style: 'primary', requestId: REQUEST_ID },
  { id: 'deny', label: 'Deny', style: 'danger', requestId: REQUEST_ID, asks: 'reason' },
];

const base = {
  requestId: REQUEST_ID,
  version: 1,
  title: 'scale deployment/api in prod-payments',
  facts: [
    {
      label: 'Requester',
      value: 'alice@example.com',
      person: { platform: 'slack', platformUserId: 'UALICE0001' },
    },
    { label: 'Cluster', value: 'prod' },
    { label: 'Reason', value: 'INC-4312 load' },
    { label: 'Incident', value: 'INC-4312' },
  ],
  preview: ['scale deployment api from 3 to 5 replicas'],
  previewHeading: 'What will happen',
  matchedRules: ['prod-needs-sre'],
} as const;

export const pendingCard: ApprovalCard = {
  ...base,
  state: 'pending',
  status: { label: 'Waiting for approval', tone: 'attention' },
  facts: [
    ...base.facts,
    { label: 'Expires', value: '2026-01-05 11:00 UTC', time: { at: Date.UTC(2026, 0, 5, 11, 0), rest: '' } },
  ],
  progress: '1 of 2 approvals · waiting for 1 more from sre-leads',
  notes: [personText`Approved by ${bob}`],
  actions: approveDeny,
};

export const approvedCard: ApprovalCard = {
  ...base,
  version: 3,
  state: 'queued',
  status: { label: 'Approved, queued to run', tone: 'good' },
  progress: '2 of 2 approvals',
  notes: [personText`Approved by ${bob}`, personText`Approved by ${carol} (signed in again)`],
  actions: [],
};

export const executingCard: ApprovalCard = {
  ...approvedCard,
  version: 4,
  state: 'executing',
  status: { label: 'Running', tone: 'attention' },
};

export const failedCard: ApprovalCard = {
  ...approvedCard,
  version: 5,
  state: 'failed',
  status: { label: 'Failed', tone: 'bad' },
  previewHeading: 'What was planned',
  notes: [...approvedCard.notes, ['Error: deployments.apps "api" is forbidden: User cannot patch']],
};

export const deniedCard: ApprovalCard = {
  ...base,
  version: 2,
  state: 'denied',
  status: { label: 'Denied', tone: 'bad' },
  previewHeading: 'What was asked',
  progress: '0 of 2 approvals · waiting for 2 more from sre-leads',
  notes: [personText`Denied by ${bob}: not during the release freeze`],
  actions: [],
};

export const activeGrantCard: ApprovalCard = {
  requestId: 'cs-a2b3c4d5e6',
  version: 4,
  title: 'access role/view in prod-payments',
  state: 'active',
  status: { label: 'Access granted', tone: 'good' },
  facts: [
    { label: 'Requester', value: 'alice@example.com' },
    { label: 'Cluster', value: 'prod' },
    { label: 'Duration', value: '4h' },
    { label: 'Reason', value: 'debug INC-4312' },
    {
      label: 'Granted until',
      value: '2026-01-05 14:00:30 UTC (3h left)',
      time: { at: Date.UTC(2026, 0, 5, 14, 0, 29, 400), rest: ' (3h left)' },
    },
  ],
  preview: ['alice@example.com gets role view in namespace prod-payments for 4h'],
  previewHeading: 'What was planned',
  progress: '1 of 1 approval',
  matchedRules: ['prod-access'],
  notes: [personText`Approved by ${bob}`],
  actions: [
    { id: 'extend', label: 'Extend', style: 'default', requestId: 'cs-a2b3c4d5e6', asks: 'duration' },
    { id: 'revoke', label: 'Revoke now', style: 'danger', requestId: 'cs-a2b3c4d5e6' },
  ],
};

/** Every trick a hostile requester might type into free text. */
export const HOSTILE_REASON = [
  '<!channel> <!here> <@U024BE7LH> <!subteam^S123> @here',
  '<https://evil.example|Click me> and <mailto:a@evil.example|support>',
  '*bold* _italic_ ~strike~ `code` ```fenced```',
  '> quoted',
  ':white_check_mark: approved by security :rotating_light:',
  '&lt;!channel&gt; \u202eevil\u200b*x*',
].join('\n\n\n');

export const hostileCard: ApprovalCard = {
  ...pendingCard,
  title: `delete pod/web-7f9c in prod ${'<!channel>'.repeat(20)}`,
  facts: [
    { label: 'Requester', value: '*Security Team* <!everyone>' },
    { label: 'Cluster', value: 'prod' },
    { label: 'Reason', value: `${HOSTILE_REASON}\n${'x'.repeat(5000)}` },
    { label: 'Incident', value: '```INC-1```' },
  ],
  preview: ['<https://evil.example|will be fine>', `${'> '.repeat(10)}quote`],
  progress: '<!here> 0 of 2',
  matchedRules: ['*rule*'],
  notes: [['Approved by <@U999|security-lead>'], [`Error: ${'e'.repeat(4000)}`]],
};

/** A break-glass run no approver has acknowledged yet: it ran without approval. */
export const breakGlassCard: ApprovalCard = {
  ...base,
  requestId: 'cs-brkglass01',
  version: 4,
  state: 'succeeded',
  status: { label: 'Done', tone: 'good' },
  facts: [
    {
      label: 'Requester',
      value: 'mallory@example.com',
      person: { platform: 'slack', platformUserId: 'UMALLORY01' },
    },
    { label: 'Cluster', value: 'prod' },
    { label: 'Reason', value: 'checkout down, scaling out' },
    { label: 'Incident', value: 'INC-4312' },
  ],
  previewHeading: 'What was planned',
  notes: [['Break-glass under INC-4312: ran without approval, review pending'], ['Result: scaled to 9']],
  actions: [
    { id: 'acknowledge', label: 'Acknowledge break-glass', style: 'primary', requestId: 'cs-brkglass01' },
  ],
};
