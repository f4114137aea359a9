import { z } from 'zod';
import { UserFacingError } from '../errors.ts';
import type { ChatPlatform } from '../ports/identity.ts';
import { emailKey, onCallUserKey, platformKey, usernameKey } from './person-keys.ts';

/** One person's Kubernetes identity, as the admin wrote it down. */
export interface KubernetesIdentity {
  readonly username: string;
  readonly groups: readonly string[];
}

const entrySchema = z.object({
  username: z.string().min(1),
  groups: z.array(z.string().min(1)).default([]),
});

const ids = z.array(z.string().min(1)).optional();

/** One entry of the table's `people`: every identifier one human is known by. */
export interface LinkedPerson {
  readonly slack?: readonly string[];
  readonly teams?: readonly string[];
  readonly web?: readonly string[];
  readonly emails?: readonly string[];
  readonly usernames?: readonly string[];
  /** PagerDuty user IDs (e.g. `PXYZ123`), immutable: how on-call approvers are recognised. */
  readonly pagerduty?: readonly string[];
  /** Opsgenie usernames (the address the user signs in to Opsgenie with), as its on-call API names them. */
  readonly opsgenie?: readonly string[];
}

const personSchema = z
  .strictObject({
    slack: ids,
    teams: ids,
    web: ids,
    emails: ids,
    usernames: ids,
    pagerduty: ids,
    opsgenie: ids,
  })
  .refine(
    (person: LinkedPerson) => keysOfPerson(person).length >= 2,
    'a person links at least two identifiers',
  );

/**
 * The admin's table: per platform, immutable user ID (Slack user ID, Entra object ID,
 * OIDC subject) → Kubernetes username and groups; optionally, per email, the groups
 * of people resolved by email; and optionally `people`, the links that say which
 * identifiers belong to one human (compared for self-approval and distinct approvers).
 * Shape (YAML or JSON): `{ slack: { U0123: { username, groups } }, teams: {...},
 * web: {...}, emailGroups: { "a@x.com": [g] }, people: [{ slack: [U0123], teams:
 * [object-id], web: [subject], emails: [a@x.com, a@x.onmicrosoft.com], usernames: [a],
 * pagerduty: [PXYZ123], opsgenie: [a@x.com] }] }`. The on-call entries say who a
 * PagerDuty or Opsgenie on-call user is (see `core/identity/on-call-person.ts`).
 * An identifier belongs to at most one person.
 */
export const identityTableSchema = z
  .object({
    slack: z.record(z.string(), entrySchema).default({}),
    teams: z.record(z.string(), entrySchema).default({}),
    web: z.record(z.string(), entrySchema).default({}),
    emailGroups: z.record(z.string(), z.array(z.string().min(1))).default({}),
    people: z.array(personSchema).optional(),
  })
  .strict()
  .superRefine((table, ctx) => {
    const owner = new Map<string, number>();
    (table.people ?? []).forEach((person, index) => {
      for (const key of new Set(keysOfPerson(person))) {
        const first = owner.get(key);
        if (first === undefined) owner.set(key, index);
        else
          ctx.addIssue({
            code: 'custom',
            path: ['people', index],
            message: `${key} is also listed under people.${first}; an identifier belongs to one person`,
          });
      }
    });
  });

/** A validated identity table. */
export type IdentityTable = z.infer<typeof identityTableSchema>;

/** Validates a parsed identity table; problems name the path of the bad entry. */
export function parseIdentityTable(value: unknown, source: string): IdentityTable {
  const result = identityTableSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new UserFacingError(
    'identity_table_invalid',
    `Identity table ${source} is invalid:\n${problems.join('\n')}`,
  );
}

/** Looks a platform user ID up in the table. */
export function lookupIdentity(
  table: IdentityTable,
  platform: ChatPlatform,
  userId: string,
): KubernetesIdentity | undefined {
  return table[platform][userId];
}

/**
 * The table read backwards: the one platform user ID mapped to Kubernetes `username`
 * on `platform`, or undefined when nobody is (or several are, so no single person).
 */
export function platformUserIdOf(
  table: IdentityTable,
  platform: ChatPlatform,
  username: string,
): string | undefined {
  const ids = Object.entries(table[platform])
    .filter(([, entry]) => entry.username === username)
    .map(([id]) => id);
  return ids.length === 1 ? ids[0] : undefined;
}

/** The typed identifiers (see `person-keys.ts`) of one `people` entry. */
export function keysOfPerson(person: LinkedPerson): string[] {
  return [
    ...(person.slack ?? []).map((id) => platformKey('slack', id)),
    ...(person.teams ?? []).map((id) => platformKey('teams', id)),
    ...(person.web ?? []).map((id) => platformKey('web', id)),
    ...(person.emails ?? []).map(emailKey),
    ...(person.usernames ?? []).map(usernameKey),
    ...(person.pagerduty ?? []).map((id) => onCallUserKey('pagerduty', id)),
    ...(person.opsgenie ?? []).map((id) => onCallUserKey('opsgenie', id)),
  ];
}

const linkIndexes = new WeakMap<IdentityTable, ReadonlyMap<string, readonly string[]>>();

/**
 * Every identifier the table's `people` links to any of `keys` (typed, as
 * `person-keys.ts` builds them), `keys` themselves excluded; empty when none is listed.
 */
export function linkedKeys(table: IdentityTable, keys: readonly string[]): string[] {
  let index = linkIndexes.get(table);
  if (!index) {
    const built = new Map<string, readonly string[]>();
    for (const person of table.people ?? []) {
      const all = [...new Set(keysOfPerson(person))];
      for (const key of all) built.set(key, all);
    }
    index = built;
    linkIndexes.set(table, index);
  }
  const linked = new Set(keys.flatMap((key) => index.get(key) ?? []));
  for (const key of keys) linked.delete(key);
  return [...linked];
}
