import { UserFacingError } from '../errors.ts';
import { findKind } from '../requests/kinds.ts';
import { parseCommand } from '../requests/parse-command.ts';
import type { AccessRequest, ActionRequest } from '../requests/request-types.ts';

/** The request form's fields, on every surface: `kind` chooses an action or access, the others are its parts. */
export const REQUEST_FORM_FIELDS = [
  'kind',
  'cluster',
  'verb',
  'target',
  'namespace',
  'replicas',
  'patch',
  'role',
  'duration',
  'reason',
  'incident',
] as const;

/** Grant lengths the form offers for access, as `--for` reads them. */
export const REQUEST_FORM_DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h'] as const;

/** One field of the request form. */
export type RequestFormField = (typeof REQUEST_FORM_FIELDS)[number];

/**
 * A submitted request form as a neutral record of strings, whatever surface drew it
 * (Slack modal, Teams card, console page). Every field is optional: the grammar names
 * what is missing.
 */
export type RequestForm = Partial<Readonly<Record<RequestFormField, string>>>;

const BARE = /^[A-Za-z0-9._/:=,@+%-]+$/;

/**
 * Quotes one value so the request grammar's tokenizer reads it back as exactly one
 * non-flag word: safe words stay bare, anything else (spaces, quotes, a leading `-`,
 * empty) goes in double quotes with `\` and `"` escaped.
 */
export function quoteWord(value: string): string {
  if (BARE.test(value) && !value.startsWith('-')) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Reads a request form out of submitted data (a Teams invoke's `data`, a console POST
 * turned into an object): only the form's own fields, strings as they are and finite
 * numbers as text; anything else is ignored.
 */
export function readRequestForm(data: unknown): RequestForm {
  if (typeof data !== 'object' || data === null) return {};
  const source = data as Readonly<Record<string, unknown>>;
  const form: Partial<Record<RequestFormField, string>> = {};
  for (const field of REQUEST_FORM_FIELDS) {
    const value = source[field];
    if (typeof value === 'string') form[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) form[field] = String(value);
  }
  return form;
}

/**
 * Turns a submitted request form into the command text `parseCommand` reads, so every
 * form and every typed command share one parser and one set of errors. Every value is
 * quoted, so nothing typed into a field can become a flag. Without a `kind`, a chosen
 * role means access and anything else an action. The namespace is left out where it
 * cannot apply (a cluster-scoped target, a node verb, a cluster role); replicas go
 * only with scale and the patch only with patch; a reason's line breaks become
 * spaces. A missing field is left out and the parser names it.
 */
export function formToCommandText(form: RequestForm): string {
  const read = (field: RequestFormField): string | undefined => {
    const value = form[field]?.trim();
    return value === '' ? undefined : value;
  };
  const words: string[] = [];
  const flag = (name: string, value: string | undefined): void => {
    if (value !== undefined) words.push(name, quoteWord(value));
  };
  const kind = read('kind') ?? (read('role') !== undefined ? 'access' : 'action');
  const namespace = read('namespace');
  if (kind === 'access') {
    const role = read('role');
    words.push('access');
    if (role !== undefined) words.push(quoteWord(role));
    if (!role?.toLowerCase().startsWith('clusterrole/')) flag('-n', namespace);
    flag('--for', read('duration'));
  } else {
    const verb = read('verb');
    const target = read('target');
    if (verb !== undefined) words.push(quoteWord(verb));
    if (target !== undefined) words.push(quoteWord(target));
    const targetKind = target?.includes('/') ? findKind(target.slice(0, target.indexOf('/'))) : undefined;
    const clusterScoped = targetKind?.namespaced === false || (targetKind === undefined && isNodeVerb(verb));
    if (!clusterScoped) flag('-n', namespace);
    if (verb === 'scale') flag('--replicas', read('replicas'));
    if (verb === 'patch') flag('--patch', read('patch'));
  }
  flag('--cluster', read('cluster'));
  flag('--incident', read('incident'));
  flag('--reason', read('reason')?.replace(/\s+/g, ' '));
  return words.join(' ');
}

/**
 * The request a submitted form's command text ({@link formToCommandText}) files, read
 * by the one grammar: an action or access request. A form that reads as anything else
 * (nothing chosen, so the text is empty) is refused with what to fill in; the
 * grammar's own refusals propagate.
 */
export function parseFormRequest(text: string): ActionRequest | AccessRequest {
  const parsed = parseCommand(text);
  if (parsed.type === 'action' || parsed.type === 'access') return parsed;
  throw new UserFacingError('form_incomplete', 'Fill in what you need: an action and its target, or a role.');
}

function isNodeVerb(verb: string | undefined): boolean {
  return verb === 'cordon' || verb === 'uncordon' || verb === 'drain';
}
