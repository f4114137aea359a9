import { acceptedKindNames } from './action-kinds.ts';
import { ACCESS_EXAMPLES, COMMAND_WORDS, asTyped, exampleFor, type CommandWord } from './examples.ts';
import { KINDS } from './kinds.ts';
import { ACTION_VERBS, ACCESS_VERBS, type ActionVerb } from './request-types.ts';

interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
}

const CHANGE_FLAGS =
  '--reason TEXT (required), --cluster NAME, --incident ID, --break-glass (needs --incident), ' +
  '--at "2026-12-06 02:00 Europe/Berlin" or --in 2h (approved ahead, runs or starts the grant then)';

const COMMANDS: Readonly<Record<CommandWord, CommandHelp>> = {
  delete: {
    usage: 'delete KIND/NAME -n NAMESPACE',
    summary: 'Delete one object (never a node or a namespace).',
  },
  scale: {
    usage: 'scale KIND/NAME --replicas N -n NAMESPACE',
    summary: 'Set the replica count (0 to 1000).',
  },
  restart: {
    usage: 'restart KIND/NAME -n NAMESPACE',
    summary: 'Roll every pod of a workload, like kubectl rollout restart.',
  },
  cordon: { usage: 'cordon node/NAME', summary: 'Mark a node unschedulable.' },
  uncordon: { usage: 'uncordon node/NAME', summary: 'Mark a node schedulable again.' },
  drain: {
    usage: 'drain node/NAME',
    summary: 'Cordon a node, then evict its pods while PodDisruptionBudgets hold.',
  },
  patch: {
    usage: "patch KIND/NAME -n NAMESPACE --patch '{JSON}'",
    summary: 'Apply a JSON merge patch (an object, at most 16 KiB, in single quotes).',
  },
  rollback: {
    usage: 'rollback deployment/NAME -n NAMESPACE [--to-revision N]',
    summary: 'Roll a deployment back to its previous (or a given) revision.',
  },
  access: {
    usage: 'access role/NAME -n NAMESPACE | clusterrole/NAME | VERBS RESOURCES -n NAMESPACE --for DURATION',
    summary: 'Ask for time-bound access: a role, a cluster role, or exact verbs on exact resources.',
  },
  status: { usage: 'status [ID]', summary: 'Show one request, or your open requests.' },
  list: { usage: 'list', summary: 'List your requests and active grants.' },
  cancel: { usage: 'cancel ID', summary: 'Withdraw a request that is still waiting for approval.' },
  extend: { usage: 'extend ID --for DURATION', summary: 'Ask for more time on an active grant.' },
  revoke: { usage: 'revoke ID', summary: 'Give an active grant back early.' },
  whoami: { usage: 'whoami', summary: 'Show the Kubernetes user and groups you act as.' },
  help: { usage: 'help [TOPIC]', summary: 'This text, or details on one command.' },
  explain: {
    usage: 'explain REQUEST',
    summary: 'Say what policy would do with a request and who would approve it, without filing it.',
  },
};

/** Topics `help TOPIC` knows: every command word, and `kinds`. */
export const HELP_TOPICS: readonly string[] = [...COMMAND_WORDS, 'kinds'];

function kindsText(): string {
  const lines = KINDS.map((k) => {
    const verbs = ACTION_VERBS.filter((v) => acceptedKindNames(v).includes(k.kind.toLowerCase()));
    const scope = k.namespaced ? 'namespaced' : 'cluster-scoped';
    return `• ${k.kind} (${k.aliases.join(', ')}), ${scope}; actions: ${verbs.join(', ') || 'none'}`;
  });
  return ['Kinds, with every spelling accepted:', ...lines].join('\n');
}

function commandText(word: CommandWord): string {
  const { usage, summary } = COMMANDS[word];
  const lines = [`${word}: ${summary}`, `Usage: ${usage}`];
  if ((ACTION_VERBS as readonly string[]).includes(word)) {
    lines.push(`Works on: ${acceptedKindNames(word as ActionVerb).join(', ')}`, `Flags: ${CHANGE_FLAGS}`);
  }
  if (word === 'access') {
    lines.push(
      `Verbs: ${ACCESS_VERBS.join(', ')} (never *, escalate, bind or impersonate)`,
      'Resources: kinds or plurals, RESOURCE/SUBRESOURCE such as pods/log, or KIND/NAME such as secret/db-creds',
      'Duration: --for 30m, 4h, 1h30m, 2d (at most 30d)',
      `Flags: ${CHANGE_FLAGS}`,
      'Examples:',
      ...Object.values(ACCESS_EXAMPLES).map(asTyped),
    );
  } else {
    lines.push(`Example: ${exampleFor(word)}`);
  }
  return lines.join('\n');
}

/**
 * The text `help` shows: with no topic, every command with its summary and one
 * example; with a topic from {@link HELP_TOPICS}, the details of that command (or the
 * kinds table). An unknown topic gets the general text.
 */
export function helpText(topic?: string): string {
  const lowered = topic?.toLowerCase();
  if (lowered === 'kinds') return kindsText();
  const word = COMMAND_WORDS.find((w) => w === lowered);
  if (word !== undefined) return commandText(word);
  const lines = COMMAND_WORDS.map((w) => `• ${w}: ${COMMANDS[w].summary}\n  ${exampleFor(w)}`);
  return [
    'Countersign puts a second signature on Kubernetes changes. Commands:',
    ...lines,
    `More on one command: ${asTyped('help COMMAND')} (topics: ${HELP_TOPICS.join(', ')}).`,
  ].join('\n');
}
