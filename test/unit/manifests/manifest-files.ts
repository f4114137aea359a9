import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Absolute path of a file under the repository root. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
}

/** A Kubernetes object as read from a manifest: only the fields these tests reach for are typed. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** Every YAML document of a manifest file (repository-relative path), in order; throws on a YAML error. */
export function readManifest(relative: string): ManifestObject[] {
  return parseAllDocuments(readFileSync(repoPath(relative), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as ManifestObject;
  });
}

/** The one object of `kind` named `name` in a manifest file; throws when it is not there. */
export function manifestObject(relative: string, kind: string, name: string): ManifestObject {
  const found = readManifest(relative).find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${relative} has no ${kind} ${name}`);
  return found;
}
