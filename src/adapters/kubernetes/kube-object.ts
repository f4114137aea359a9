/** An owner reference as the API returns it. */
export interface OwnerReference {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
}

/** Object metadata as the API returns it, limited to the fields Countersign reads. */
export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly deletionTimestamp?: string;
}

/**
 * Any Kubernetes object as plain JSON from the REST client. Fields beyond metadata
 * are read through narrow accessors where needed; nothing here claims a full schema.
 */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
}

/** Reads a nested field by path; undefined when any step is missing or not an object. */
export function fieldAt(object: unknown, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A nested number, or undefined when absent or not a number. */
export function numberAt(object: unknown, path: readonly string[]): number | undefined {
  const value = fieldAt(object, path);
  return typeof value === 'number' ? value : undefined;
}
