import { randomBytes } from 'node:crypto';

/**
 * The people and programs the test control plane knows, each authenticated by a
 * static bearer token. `countersign` authenticates as the ServiceAccount the
 * manifests bind to the worker (`system:serviceaccount:countersign:countersign`) and
 * `countersign-serve` as the one they bind to `serve`, so the RBAC in
 * manifests/base/rbac.yaml is exercised exactly as deployed.
 */
export const CONTROL_PLANE_USERS = {
  admin: { username: 'admin', groups: ['system:masters'] },
  countersign: {
    username: 'system:serviceaccount:countersign:countersign',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:countersign'],
  },
  /** The ServiceAccount `serve` runs as (reads only, manifests/base/rbac.yaml countersign-serve). */
  'countersign-serve': {
    username: 'system:serviceaccount:countersign:countersign-serve',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:countersign'],
  },
  alice: { username: 'alice', groups: ['developers'] },
  bob: { username: 'bob', groups: ['sre'] },
  carol: { username: 'carol', groups: ['sre'] },
  dave: { username: 'dave', groups: ['security'] },
  /** Authenticated with Countersign's marker group on her token, as an unprefixed OIDC groups claim or a certificate's O= could carry it. */
  mallory: { username: 'mallory', groups: ['sre', 'countersign:approved'] },
} as const satisfies Record<string, { username: string; groups: readonly string[] }>;

/** A key of {@link CONTROL_PLANE_USERS}; also the name of that user's kubeconfig context. */
export type ControlPlaneUser = keyof typeof CONTROL_PLANE_USERS;

/** Every user key, admin first. */
export const CONTROL_PLANE_USER_NAMES = Object.keys(CONTROL_PLANE_USERS) as ControlPlaneUser[];

/** A fresh random token per user, so two control planes never accept each other's tokens. */
export function generateTokens(): Record<ControlPlaneUser, string> {
  return Object.fromEntries(
    CONTROL_PLANE_USER_NAMES.map((user) => [user, randomBytes(24).toString('hex')]),
  ) as Record<ControlPlaneUser, string>;
}

/** The body of kube-apiserver's `--token-auth-file`: `token,user,uid,"group1,group2"` per line. */
export function tokenAuthFile(tokens: Record<ControlPlaneUser, string>): string {
  return CONTROL_PLANE_USER_NAMES.map((user) => {
    const { username, groups } = CONTROL_PLANE_USERS[user];
    return `${tokens[user]},${username},${user},"${groups.join(',')}"\n`;
  }).join('');
}
