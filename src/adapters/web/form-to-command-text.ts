import { findKind } from '../../core/requests/kinds.ts';

const BARE = /^[A-Za-z0-9._/:=,@+%-]+$/;

/** The console form's fields, as posted (all optional; the parser names what is missing). */
export type RequestFormFields = Partial<
  Record<
    | 'kind'
    | 'cluster'
    | 'verb'
    | 'target'
    | 'namespace'
    | 'replicas'
    | 'patch'
    | 'role'
    | 'duration'
    | 'reason'
    | 'incident',
    string
  >
>;

/** Quotes one value so the grammar's tokenizer reads it back as exactly one word that is never a flag. */
export function quoteWord(value: string): string {
  if (BARE.test(value) && !value.startsWith('-')) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Turns the console's request form into the command text `parseCommand` reads, so the
 * form and the typed command share one parser and one set of error messages. Every
 * value is quoted (nothing typed into a field can become a flag); the namespace is
 * left out for cluster-scoped targets and cluster roles; replicas go only with scale,
 * the patch only with patch; line breaks in the reason become spaces.
 */
export function formToCommandText(fields: RequestFormFields): string {
  const read = (name: keyof RequestFormFields): string | undefined => {
    const value = fields[name]?.trim();
    return value === '' ? undefined : value;
  };
  const words: string[] = [];
  const flag = (name: string, value: string | undefined): void => {
    if (value !== undefined) words.push(name, quoteWord(value));
  };
  const namespace = read('namespace');
  if (read('kind') === 'access') {
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
    const kind = target?.includes('/') ? findKind(target.slice(0, target.indexOf('/'))) : undefined;
    const nodeVerb = verb === 'cordon' || verb === 'uncordon' || verb === 'drain';
    if (!(kind?.namespaced === false || (kind === undefined && nodeVerb))) flag('-n', namespace);
    if (verb === 'scale') flag('--replicas', read('replicas'));
    if (verb === 'patch') flag('--patch', read('patch'));
  }
  flag('--cluster', read('cluster'));
  flag('--incident', read('incident'));
  flag('--reason', read('reason')?.replace(/\s+/g, ' '));
  return words.join(' ');
}
