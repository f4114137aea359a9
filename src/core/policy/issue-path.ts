const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Writes a path of keys and indexes the way an admin reads it in YAML:
 * `spec.rules[2].match.namespaces[0]`; keys that are not plain names are quoted,
 * e.g. `labels["app.kubernetes.io/name"]`. The empty path is `(document)`.
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment))
      text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text === '' ? '(document)' : text;
}
