import type { TargetRef } from '../../../core/requests/request-types.ts';
import type { ApiClients } from '../api-clients.ts';
import type { KubeObject } from '../kube-object.ts';
import { readTarget } from '../read-target.ts';
import { resourcePath } from '../resource-path.ts';
import { describeChanges, fieldChanges } from './patch-changes.ts';
import { requireApprovedObject, writeApproved } from './approved-object.ts';
import { DRY_RUN, MERGE_PATCH, type VerbHandler } from './verb-handler.ts';

const MAX_LINES = 10;

/**
 * `patch KIND/NAME --patch JSON` as a JSON merge patch with strict field validation,
 * so a misspelt field is refused rather than dropped. The preview returns every field
 * the server says would change, with whole values (the core words the card and keeps
 * them for "Show full change"). Execution adds the approved UID to the patch, so the
 * server refuses it on any other object. Applying the same merge patch twice is a
 * no-op, so a retry is safe.
 */
export const patchVerb: VerbHandler<'patch'> = {
  async preview({ reader, writer, request, label }) {
    const before = await readTarget(reader, request.target, label);
    const after = await send(writer, request.target, request.patch, true);
    const changes = fieldChanges(request.patch, before, after);
    const summary =
      changes.length === 0
        ? `${label.operation} changes nothing`
        : `${label.operation} changes ${fields(changes.length)}`;
    return { summary, details: [], dryRun: true, changes };
  },

  async execute({ reader, writer, request, label }, context) {
    const before = await readTarget(reader, request.target, label);
    requireApprovedObject(before, context, label);
    const pinned = withUid(request.patch, context.targetUid);
    const after = await writeApproved(() => send(writer, request.target, pinned, false), context, label);
    const changes = describeChanges(request.patch, before, after);
    if (changes.length === 0)
      return { summary: `${label.object} already matched the patch`, changed: false, details: [] };
    return {
      summary: `patched ${label.object}: ${fields(changes.length)} changed`,
      changed: true,
      details: cap(changes),
    };
  },
};

async function send(
  writer: ApiClients,
  target: TargetRef,
  patch: Readonly<Record<string, unknown>>,
  dryRun: boolean,
): Promise<KubeObject> {
  return writer.rest.call<KubeObject>({
    method: 'PATCH',
    path: resourcePath(target.kind, target),
    query: { fieldValidation: 'Strict', ...(dryRun ? DRY_RUN : {}) },
    body: patch,
    contentType: MERGE_PATCH,
  });
}

function withUid(
  patch: Readonly<Record<string, unknown>>,
  uid: string | undefined,
): Readonly<Record<string, unknown>> {
  if (uid === undefined) return patch;
  const metadata = patch.metadata;
  const own = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : {};
  return { ...patch, metadata: { ...own, uid } };
}

function fields(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`;
}

function cap(lines: readonly string[]): string[] {
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `and ${lines.length - MAX_LINES} more`]
    : [...lines];
}
