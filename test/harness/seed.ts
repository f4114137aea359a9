import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

/** Path of the objects every sandbox and seeded test control plane starts with. */
export const SEED_PATH = join(dirname(fileURLToPath(import.meta.url)), 'seed.yaml');

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
}

interface SeedObject {
  metadata: { name: string; namespace?: string; ownerReferences?: OwnerReference[] };
}

/** Runs kubectl as admin with `args`, feeding `input` on stdin; resolves with stdout. */
export type AdminKubectl = (args: readonly string[], input?: string) => Promise<string>;

function readSeed(): SeedObject[] {
  return parseAllDocuments(readFileSync(SEED_PATH, 'utf8')).map((doc) => doc.toJS() as SeedObject);
}

function needsOwnerUid(object: SeedObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => !ref.uid);
}

function resourceOf(ref: OwnerReference): string {
  const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion];
  return group ? `${ref.kind}.${version}.${group}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

function asStream(objects: readonly SeedObject[]): string {
  return objects.map((object) => stringify(object)).join('---\n');
}

/**
 * Creates the objects of seed.yaml in order, filling each ownerReference that has no
 * uid with its owner's uid. Meant for a fresh control plane: objects that already
 * exist make it fail.
 */
export async function applySeed(kubectl: AdminKubectl): Promise<void> {
  const objects = readSeed();
  await kubectl(['create', '-f', '-'], asStream(objects.filter((o) => !needsOwnerUid(o))));
  const dependents = objects.filter(needsOwnerUid);
  for (const object of dependents) {
    const namespace = object.metadata.namespace ?? 'default';
    for (const ref of object.metadata.ownerReferences ?? []) {
      ref.uid ??= await kubectl(['get', resourceOf(ref), '-n', namespace, '-o', 'jsonpath={.metadata.uid}']);
    }
  }
  if (dependents.length > 0) await kubectl(['create', '-f', '-'], asStream(dependents));
}
