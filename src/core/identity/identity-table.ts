import { z } from 'zod';
import { UserFacingError } from '../errors.ts';
import type { ChatPlatform } from '../ports/identity.ts';

/** One person's Kubernetes identity, as the admin wrote it down. */
export interface KubernetesIdentity {
  readonly username: string;
  readonly groups: readonly string[];
}

const entrySchema = z.object({
  username: z.string().min(1),
  groups: z.array(z.string().min(1)).default([]),
});

/**
 * The admin's table: per platform, immutable user ID (Slack user ID, Entra object ID,
 * OIDC subject) → Kubernetes username and groups; optionally, per email, the groups
 * of people resolved by email. Shape (YAML or JSON):
 * `{ slack: { U0123: { username, groups } }, teams: {...}, web: {...}, emailGroups: { "a@x.com": [g] } }`.
 */
export const identityTableSchema = z
  .object({
    slack: z.record(z.string(), entrySchema).default({}),
    teams: z.record(z.string(), entrySchema).default({}),
    web: z.record(z.string(), entrySchema).default({}),
    emailGroups: z.record(z.string(), z.array(z.string().min(1))).default({}),
  })
  .strict();

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
