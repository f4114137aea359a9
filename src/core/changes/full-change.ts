import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { FieldChange } from './field-change.ts';
import { visibleJson } from './visible-json.ts';

/**
 * Everything a patch request changes, for the "Show full change" view of every
 * surface: each changed path with its whole old and new value, and the exact JSON
 * merge patch execution sends. Text is JSON with invisible characters escaped (see
 * `visibleJson`), still plain user text that each renderer escapes for its platform.
 */
export interface FullChange {
  /** Every changed path, in patch order; `before`/`after` are `unset` where the field is absent. */
  readonly paths: readonly { readonly path: string; readonly before: string; readonly after: string }[];
  /** The merge patch as stored with the request and sent at execution, pretty-printed. */
  readonly patch: string;
  /** What execution adds to `patch`: the approved object's UID, so the server refuses any other object. */
  readonly pinnedUid?: string;
}

/** The full change of a patch request, or undefined for any other request (or one filed before paths were kept). */
export function fullChangeOf(
  record: Pick<RequestRecord, 'request' | 'changes' | 'targetUid'>,
): FullChange | undefined {
  const { request } = record;
  if (request.type !== 'action' || request.verb !== 'patch' || record.changes === undefined) return undefined;
  return fullChange(record.changes, request.patch, record.targetUid);
}

/** Builds the full change from the dry run's field changes and the patch as stored. */
export function fullChange(
  changes: readonly FieldChange[],
  patch: Readonly<Record<string, unknown>>,
  pinnedUid?: string,
): FullChange {
  return {
    paths: changes.map((c) => ({
      path: visibleJson(c.path),
      before: c.before === undefined ? 'unset' : visibleJson(c.before),
      after: c.after === undefined ? 'unset' : visibleJson(c.after),
    })),
    patch: visibleJson(JSON.stringify(patch, null, 2)),
    ...(pinnedUid === undefined ? {} : { pinnedUid }),
  };
}

/** Characters of a full change as every surface shows it: paths, old and new values, and the patch. */
export function fullChangeSize(change: FullChange): number {
  return change.paths.reduce(
    (n, p) => n + p.path.length + p.before.length + p.after.length,
    change.patch.length,
  );
}
