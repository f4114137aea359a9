/** What a person types before a command in chat; examples shown to people start with it. */
export const COMMAND_PREFIX = '/k8s-request';

/**
 * One canonical, valid command per command word, written as the text after
 * {@link COMMAND_PREFIX}. Every entry parses; errors and `help` reuse them so the
 * examples people see never drift from the grammar.
 */
export const EXAMPLES = {
  delete: 'delete pod/web-7f9c -n prod-payments --reason "stuck in Terminating"',
  scale: 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"',
  restart: 'restart deployment/api -n prod-payments --reason "pick up new secret"',
  cordon: 'cordon node/ip-10-0-1-12 --reason "disk pressure"',
  uncordon: 'uncordon node/ip-10-0-1-12 --reason "disk replaced"',
  drain: 'drain node/ip-10-0-1-12 --reason "kernel upgrade"',
  patch: `patch deployment/api -n prod-payments --patch '{"spec":{"paused":true}}' --reason "hold the rollout"`,
  rollback: 'rollback deployment/api -n prod-payments --reason "bad release"',
  access: 'access role/view -n prod-payments --for 4h --reason "debug INC-4312"',
  status: 'status cs-k7m2q4x5ba',
  list: 'list',
  cancel: 'cancel cs-k7m2q4x5ba',
  extend: 'extend cs-k7m2q4x5ba --for 1h',
  revoke: 'revoke cs-k7m2q4x5ba',
  whoami: 'whoami',
  help: 'help access',
  explain: 'explain delete pod/web-7f9c -n prod-payments --reason "stuck in Terminating"',
} as const;

/** A word that starts a command: an action verb, `access`, or a housekeeping word. */
export type CommandWord = keyof typeof EXAMPLES;

/** Every command word, in the order `help` lists them. */
export const COMMAND_WORDS = Object.keys(EXAMPLES) as readonly CommandWord[];

/** Further valid examples for the other shapes of `access`, used by its errors and help. */
export const ACCESS_EXAMPLES = {
  role: EXAMPLES.access,
  clusterrole: 'access clusterrole/cluster-reader --for 2h --reason "audit node usage"',
  rules: 'access get,list pods,pods/log -n prod-payments --for 30m --reason "debug INC-4312"',
  named: 'access get secret/db-creds -n prod-payments --for 15m --reason "rotate INC-4312"',
} as const;

/** A valid request ID for examples: `cs-` and ten lower-case base32 characters. */
export const EXAMPLE_REQUEST_ID = 'cs-k7m2q4x5ba';

/** The example for a command word as a person would type it, prefix included. */
export function exampleFor(word: CommandWord): string {
  return `${COMMAND_PREFIX} ${EXAMPLES[word]}`;
}

/** Prefixes any valid command text (e.g. one of {@link ACCESS_EXAMPLES}) for display. */
export function asTyped(commandText: string): string {
  return `${COMMAND_PREFIX} ${commandText}`;
}
