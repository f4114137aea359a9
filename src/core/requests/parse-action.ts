import { readCommonFlags } from './common-flags.ts';
import { exampleFor } from './examples.ts';
import { COMMON_FLAGS, scanFlags, type FlagName } from './flags.ts';
import { readPatch } from './read-patch.ts';
import { readTarget } from './read-target.ts';
import type { ActionRequest, ActionVerb } from './request-types.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import type { Token } from './tokenize.ts';

/** Most replicas `scale` accepts. */
export const MAX_REPLICAS = 1000;

const VERB_FLAGS: Readonly<Record<ActionVerb, readonly FlagName[]>> = {
  delete: [],
  restart: [],
  cordon: [],
  uncordon: [],
  drain: [],
  scale: ['replicas'],
  patch: ['patch'],
  rollback: ['to-revision'],
};

function readReplicas(value: string | undefined, example: string): number {
  if (value === undefined) {
    throw new InvalidRequestError(
      'missing_replicas',
      'scale needs --replicas N (a whole number, 0 to 1000).',
      example,
    );
  }
  const replicas = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(replicas <= MAX_REPLICAS)) {
    throw new InvalidRequestError(
      'invalid_replicas',
      `--replicas ${showToken(value)} is not a whole number from 0 to ${MAX_REPLICAS}.`,
      example,
    );
  }
  return replicas;
}

function readRevision(value: string, example: string): number {
  const revision = /^\d{1,9}$/.test(value) ? Number(value) : 0;
  if (revision < 1) {
    throw new InvalidRequestError(
      'invalid_revision',
      `--to-revision ${showToken(value)} is not a revision number (a whole number from 1).`,
      example,
    );
  }
  return revision;
}

/**
 * Reads an action (`delete`, `scale`, `restart`, `cordon`, `uncordon`, `drain`,
 * `patch`, `rollback`) from the words after its verb. `reasonRequired` is false only
 * for `explain`. Throws `InvalidRequestError` naming the first problem, left to right.
 */
export function readAction(
  verb: ActionVerb,
  words: readonly Token[],
  reasonRequired: boolean,
): ActionRequest {
  const example = exampleFor(verb);
  const scanned = scanFlags(words, [...COMMON_FLAGS, 'namespace', ...VERB_FLAGS[verb]], {
    command: verb,
    example,
  });
  const { flags } = scanned;
  const target = readTarget(verb, scanned, example);
  const base = { type: 'action', target } as const;
  switch (verb) {
    case 'scale': {
      const replicas = readReplicas(flags.get('replicas'), example);
      return { ...base, verb, replicas, ...readCommonFlags(flags, { example, reasonRequired }) };
    }
    case 'patch': {
      const patch = readPatch(flags.get('patch'), example);
      return { ...base, verb, patch, ...readCommonFlags(flags, { example, reasonRequired }) };
    }
    case 'rollback': {
      const revision = flags.get('to-revision');
      const toRevision = revision === undefined ? undefined : readRevision(revision, example);
      return {
        ...base,
        verb,
        ...(toRevision !== undefined && { toRevision }),
        ...readCommonFlags(flags, { example, reasonRequired }),
      };
    }
    default:
      return { ...base, verb, ...readCommonFlags(flags, { example, reasonRequired }) };
  }
}
