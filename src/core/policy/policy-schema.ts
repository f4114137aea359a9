import { z } from 'zod';
import { findKind, KINDS } from '../requests/kinds.ts';
import { ACCESS_VERBS, POLICY_VERBS, type PolicyVerb } from '../requests/request-types.ts';
import { isValidGlob } from './match-glob.ts';
import { SELECTOR_OPERATORS } from './match-labels.ts';
import { isValidTimeZone, parseClockTime, parseDayToken } from './match-schedule.ts';
import { parsePolicyDuration } from './policy-duration.ts';

/** The `apiVersion` this schema reads. */
export const POLICY_API_VERSION = 'countersign.io/v1alpha1';

const text = (what: string) => z.string({ error: `expected ${what}` }).min(1, `${what} must not be empty`);

const glob = z
  .string({ error: 'expected a glob string, e.g. prod-*' })
  .refine(isValidGlob, 'not a valid glob: expected e.g. prod-* or web-?');

const globList = z
  .array(glob, { error: 'expected a list of globs, e.g. [prod-*]' })
  .min(1, 'an empty list matches nothing: leave the field out to match anything');

const duration = z
  .string({ error: 'expected a duration such as 30m, 1h or 2h30m' })
  .refine(
    (value) => parsePolicyDuration(value) !== undefined,
    'not a duration: use e.g. 30m, 1h, 2h30m or 1d (at most 30d)',
  );

const kind = z.string({ error: 'expected a kind, e.g. Deployment' }).superRefine((value, ctx) => {
  if (!findKind(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown kind "${value}": use one of ${KINDS.map((k) => k.kind).join(', ')}`,
    });
  }
});

const channelList = z.array(text('a channel name or ID'), { error: 'expected a list of channels' });

const channels = z.strictObject(
  { slack: channelList.optional(), teams: channelList.optional(), web: channelList.optional() },
  { error: 'expected channels per platform, e.g. {slack: ["#prod-approvals"]}' },
);

const executeAs = z.enum(['requester', 'countersign'], { error: 'expected requester or countersign' });

const selectorExpression = z
  .strictObject({
    key: text('a key'),
    operator: z.enum(SELECTOR_OPERATORS, { error: `expected one of ${SELECTOR_OPERATORS.join(', ')}` }),
    values: globList.optional(),
  })
  .superRefine((expression, ctx) => {
    const needsValues = expression.operator === 'In' || expression.operator === 'NotIn';
    if (needsValues && !expression.values) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `${expression.operator} needs values` });
    }
    if (!needsValues && expression.values) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `${expression.operator} takes no values` });
    }
  });

const selectorPairs = z.record(
  z.string(),
  z
    .string({ error: 'expected a string value (quote numbers and booleans, e.g. "true")' })
    .refine(isValidGlob, 'not a valid glob value'),
  { error: 'expected key: value pairs, e.g. {sensitivity: high}' },
);

const clock = z
  .string({ error: 'expected a time of day HH:MM, e.g. 09:00' })
  .refine(
    (value) => parseClockTime(value) !== undefined,
    'not a time of day: use HH:MM, e.g. 09:00 or 18:30',
  );

const day = z
  .string({ error: 'expected a day, e.g. Mon' })
  .refine(
    (value) => parseDayToken(value) !== undefined,
    'not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range like Mon-Fri',
  );

const timeWindow = z
  .strictObject({ days: z.array(day).min(1, 'list at least one day').optional(), from: clock, to: clock })
  .refine((window) => window.from !== window.to, {
    path: ['to'],
    message: 'from and to are equal: the window is empty',
  });

const schedule = z
  .strictObject({
    timeZone: z
      .string({ error: 'expected a time zone name, e.g. Europe/Berlin' })
      .superRefine((value, ctx) => {
        if (!isValidTimeZone(value)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown time zone "${value}": use an IANA name such as Europe/Berlin or UTC`,
          });
        }
      }),
    within: z.array(timeWindow).min(1).optional(),
    outside: z.array(timeWindow).min(1).optional(),
  })
  .refine((value) => value.within || value.outside, 'set within, outside or both');

const onCall = z
  .strictObject(
    {
      pagerduty: z
        .strictObject(
          {
            scheduleId: text('a PagerDuty schedule ID, e.g. P1AB2CD').optional(),
            escalationPolicyId: text('a PagerDuty escalation policy ID, e.g. PE4F5GH').optional(),
          },
          { error: 'expected {scheduleId: P…} or {escalationPolicyId: P…}' },
        )
        .refine(
          (value) => (value.scheduleId === undefined) !== (value.escalationPolicyId === undefined),
          'set exactly one of scheduleId or escalationPolicyId',
        )
        .optional(),
      opsgenie: z
        .strictObject(
          {
            scheduleId: text('an Opsgenie schedule ID').optional(),
            scheduleName: text('an Opsgenie schedule name').optional(),
          },
          { error: 'expected {scheduleId: …} or {scheduleName: …}' },
        )
        .refine(
          (value) => (value.scheduleId === undefined) !== (value.scheduleName === undefined),
          'set exactly one of scheduleId or scheduleName',
        )
        .optional(),
    },
    {
      error:
        'expected one on-call service, e.g. {pagerduty: {scheduleId: P1AB2CD}} or {opsgenie: {scheduleName: ops}}',
    },
  )
  .refine(
    (value) => (value.pagerduty === undefined) !== (value.opsgenie === undefined),
    'name exactly one of pagerduty or opsgenie',
  );

const requesters = z
  .strictObject({
    users: globList.optional(),
    groups: globList.optional(),
    onCall: onCall.optional(),
    notOnCall: onCall.optional(),
  })
  .refine(
    (value) => value.users || value.groups || value.onCall || value.notOnCall,
    'set users, groups, onCall or notOnCall',
  );

/** A rule's `match` block: every present dimension must match; an absent one matches anything. */
export const matchSchema = z.strictObject({
  clusters: globList.optional(),
  namespaces: globList.optional(),
  verbs: z
    .array(
      z.enum(POLICY_VERBS as [PolicyVerb, ...PolicyVerb[]], {
        error: `expected a verb: ${POLICY_VERBS.join(', ')}`,
      }),
    )
    .min(1)
    .optional(),
  origins: z
    .array(
      z.enum(['chat', 'kubectl'], {
        error: 'expected chat (a /k8s-request on any surface) or kubectl (through countersign proxy)',
      }),
    )
    .min(1)
    .optional(),
  kinds: z.array(kind).min(1).optional(),
  roles: globList.optional(),
  accessVerbs: z
    .array(z.enum(ACCESS_VERBS, { error: `expected an access verb: ${ACCESS_VERBS.join(', ')}` }))
    .min(1)
    .optional(),
  resources: globList.optional(),
  labels: selectorPairs.optional(),
  labelExpressions: z.array(selectorExpression).min(1).optional(),
  annotations: selectorPairs.optional(),
  annotationExpressions: z.array(selectorExpression).min(1).optional(),
  requesters: requesters.optional(),
  schedule: schedule.optional(),
  breakGlass: z.boolean({ error: 'expected true or false' }).optional(),
});

const escalationStep = z.strictObject({
  after: duration,
  approverGroups: z.array(text('a group name')).min(1, 'name at least one backup approver group'),
  channels: channels.optional(),
});

const escalation = z
  .array(escalationStep, {
    error: 'expected a list of steps, e.g. [{after: 10m, approverGroups: [sre-oncall]}]',
  })
  .min(1, 'an empty escalation escalates to nobody: leave the field out')
  .superRefine((steps, ctx) => {
    steps.forEach((step, i) => {
      const previous = i > 0 ? parsePolicyDuration(steps[i - 1]!.after) : undefined;
      const current = parsePolicyDuration(step.after);
      if (previous !== undefined && current !== undefined && current <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'after'],
          message: `steps follow each other: after must be later than the previous step's ${steps[i - 1]!.after} (both count from filing)`,
        });
      }
    });
  });

const approval = z.strictObject({
  approverGroups: z.array(text('a group name')).min(1, 'name at least one approver group').optional(),
  minApprovals: z
    .number({ error: 'expected a whole number ≥ 1' })
    .int('expected a whole number')
    .min(1)
    .optional(),
  channels: channels.optional(),
  stepUp: z.boolean({ error: 'expected true or false' }).optional(),
  requesterStepUp: z.boolean({ error: 'expected true or false' }).optional(),
  allowBreakGlass: z.boolean({ error: 'expected true or false' }).optional(),
  holderMayExtend: z.boolean({ error: 'expected true or false' }).optional(),
  requestTTL: duration.optional(),
  maxDuration: duration.optional(),
  executeAs: executeAs.optional(),
  escalation: escalation.optional(),
  remindApproversEvery: duration.optional(),
});

const rule = z.strictObject({
  name: text('a rule name'),
  description: z.string().optional(),
  match: matchSchema,
  outcome: z.enum(['deny', 'auto-approve', 'require-approval'], {
    error: 'expected deny, auto-approve or require-approval',
  }),
  reason: text('a reason').optional(),
  approval: approval.optional(),
});

const approverGroup = z
  .strictObject({
    slackUserGroup: text('a Slack user group').optional(),
    teamsGroupId: text('a Teams (Entra) group ID').optional(),
    users: z.array(text('a username or email')).optional(),
    onCall: onCall.optional(),
  })
  .refine(
    (group) =>
      group.slackUserGroup || group.teamsGroupId || group.onCall || (group.users && group.users.length > 0),
    'name a slackUserGroup, a teamsGroupId, users or onCall',
  );

const grantableRole = z.strictObject({
  name: text('a role name'),
  kind: z.enum(['ClusterRole', 'Role'], { error: 'expected ClusterRole or Role' }),
  scopes: z
    .array(z.enum(['namespace', 'cluster'], { error: 'expected namespace or cluster' }))
    .min(1)
    .optional(),
  maxDuration: duration,
});

/** The whole ApprovalPolicy document as written; cross-references are checked separately. */
export const policySchema = z.strictObject(
  {
    apiVersion: z.literal(POLICY_API_VERSION, { error: `expected ${POLICY_API_VERSION}` }),
    kind: z.literal('ApprovalPolicy', { error: 'expected ApprovalPolicy' }),
    metadata: z.looseObject({ name: text('a policy name') }, { error: 'expected metadata with a name' }),
    spec: z.strictObject(
      {
        defaults: z
          .strictObject({
            requestTTL: duration.optional(),
            channels: channels.optional(),
            executeAs: executeAs.optional(),
            maxDuration: duration.optional(),
          })
          .optional(),
        approverGroups: z.record(z.string(), approverGroup).optional(),
        grantableRoles: z.array(grantableRole).optional(),
        rules: z
          .array(rule, { error: 'expected a list of rules' })
          .min(1, 'a policy needs at least one rule'),
      },
      { error: 'expected a spec with rules' },
    ),
  },
  { error: 'expected an ApprovalPolicy document with apiVersion, kind, metadata and spec' },
);

/** A policy document that passed the schema. */
export type PolicyDocument = z.infer<typeof policySchema>;
/** One `spec.rules` entry that passed the schema. */
export type RuleDocument = PolicyDocument['spec']['rules'][number];
/** A `match` block that passed the schema. */
export type MatchDocument = z.infer<typeof matchSchema>;
