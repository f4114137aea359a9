import type { FlagName } from './flags.ts';
import type { CommonFlags } from './request-types.ts';
import { readStart } from './read-start.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import { dns1123LabelProblem } from './validate-names.ts';

/** Longest reason accepted, in characters. */
export const MAX_REASON_CHARS = 500;

const INCIDENT = /^[A-Za-z0-9_-]{1,64}$/;
const CLUSTER = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
/** C0 and C1 controls, and the invisible characters that reorder or hide text on a card. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** How to read the flags every change request shares. */
export interface CommonFlagOptions {
  readonly example: string;
  /** False only for `explain`, which files nothing and so needs no reason. */
  readonly reasonRequired: boolean;
}

/**
 * Validates `--reason`, `--incident`, `--cluster`, `--break-glass` and the start time
 * (`--at` / `--in`, see `readStart`; not with `--break-glass`). The reason is
 * trimmed and must be non-empty, at most 500 characters, with no control or
 * invisible characters; `--break-glass` requires `--incident`.
 */
export function readCommonFlags(
  flags: ReadonlyMap<FlagName, string>,
  options: CommonFlagOptions,
): CommonFlags {
  const fail = (code: ConstructorParameters<typeof InvalidRequestError>[0], message: string): never => {
    throw new InvalidRequestError(code, message, options.example);
  };
  const rawReason = flags.get('reason');
  const reason = (rawReason ?? '').trim();
  if (rawReason === undefined && options.reasonRequired) {
    fail('missing_reason', 'A reason is required: add --reason "why this is needed".');
  }
  if (rawReason !== undefined && reason === '')
    fail('missing_reason', 'The --reason is empty; say why this is needed.');
  const length = [...reason].length;
  if (length > MAX_REASON_CHARS) {
    fail('reason_too_long', `The --reason is ${length} characters long; the limit is ${MAX_REASON_CHARS}.`);
  }
  const hidden = HIDDEN.exec(reason)?.[0];
  if (hidden !== undefined) {
    fail(
      'invalid_reason',
      `The --reason contains the control or invisible character ${codePoint(hidden)}; use plain text.`,
    );
  }
  const incident = flags.get('incident');
  if (incident !== undefined && !INCIDENT.test(incident)) {
    fail(
      'invalid_incident',
      `The --incident ${showToken(incident)} is not an incident ID: use letters, digits, '-' and '_', at most 64, e.g. INC-4312.`,
    );
  }
  const cluster = flags.get('cluster');
  if (cluster !== undefined && !CLUSTER.test(cluster)) {
    fail(
      'invalid_cluster',
      `The --cluster ${showToken(cluster)} is not a cluster name: use letters, digits, '-', '_' and '.', at most 63.`,
    );
  }
  const breakGlass = flags.has('break-glass');
  if (breakGlass && incident === undefined) {
    fail('break_glass_needs_incident', '--break-glass needs --incident naming the incident it is for.');
  }
  const start = readStart(flags, options.example);
  if (start && breakGlass) fail('invalid_start', '--break-glass runs at once: it takes no --at or --in.');
  return {
    reason,
    breakGlass,
    ...(cluster !== undefined && { cluster }),
    ...(incident !== undefined && { incident }),
    ...(start !== undefined && { start }),
  };
}

/**
 * Reads `-n`/`--namespace` for a request that needs one. There is no default
 * namespace: when it is missing the error says so, naming `what` needs it.
 */
export function readNamespace(flags: ReadonlyMap<FlagName, string>, what: string, example: string): string {
  const namespace = flags.get('namespace');
  if (namespace === undefined) {
    throw new InvalidRequestError(
      'missing_namespace',
      `${what} is namespaced: add -n NAMESPACE (there is no default namespace).`,
      example,
    );
  }
  const problem = dns1123LabelProblem(namespace);
  if (problem) {
    throw new InvalidRequestError(
      'invalid_namespace',
      `The namespace ${showToken(namespace)} ${problem}.`,
      example,
    );
  }
  return namespace;
}

/** Throws `namespace_not_allowed` when `-n` was given for something cluster-scoped. */
export function refuseNamespace(flags: ReadonlyMap<FlagName, string>, what: string, example: string): void {
  const namespace = flags.get('namespace');
  if (namespace !== undefined) {
    throw new InvalidRequestError(
      'namespace_not_allowed',
      `${what} is cluster-scoped: remove -n ${showToken(namespace)}.`,
      example,
    );
  }
}
