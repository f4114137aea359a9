import { findKind } from '../../../core/requests/kinds.ts';
import type { FormField, FormValues } from './form-fields.ts';

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
 * Turns a submitted request form into the command text `parseCommand` reads, so the
 * form and a typed `k8s-request` share one parser and one set of errors. Every value
 * is quoted, so nothing typed into a field can become a flag. The namespace is left
 * out where it cannot apply (a node, a cluster role); replicas go only with scale and
 * the patch only with patch; a reason's line breaks become spaces. A missing field is
 * left out and the parser names it.
 */
export function formToCommandText(values: FormValues): string {
  const read = (field: FormField): string | undefined => {
    const value = values[field]?.trim();
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
    const nodeVerb = verb === 'cordon' || verb === 'uncordon' || verb === 'drain';
    if (!(targetKind?.namespaced === false || (targetKind === undefined && nodeVerb))) flag('-n', namespace);
    if (verb === 'scale') flag('--replicas', read('replicas'));
    if (verb === 'patch') flag('--patch', read('patch'));
  }
  flag('--cluster', read('cluster'));
  flag('--incident', read('incident'));
  flag('--reason', read('reason')?.replace(/\s+/g, ' '));
  return words.join(' ');
}
