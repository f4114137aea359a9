import { requireApprovedObject, writeApproved } from './approved-object.ts';
import { isCordoned, readNodeState, setUnschedulable } from './node-schedulable.ts';
import { requireKind } from './requires-kind.ts';
import type { VerbHandler } from './verb-handler.ts';

/** `cordon node/NAME`: marks the node unschedulable; running pods stay. Cordoning twice changes nothing. */
export const cordonVerb: VerbHandler<'cordon'> = {
  async preview({ reader, writer, request, label }) {
    requireKind('cordon', request.target, ['Node']);
    const already = await isCordoned(reader, request.target.name);
    await setUnschedulable(writer, request.target.name, true, true);
    const summary = already
      ? `${label.object} is already cordoned; nothing will change`
      : `cordon ${label.object}: no new pods will be scheduled on it; running pods stay`;
    return { summary, details: [], dryRun: true };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('cordon', request.target, ['Node']);
    const node = await readNodeState(reader, request.target.name);
    requireApprovedObject(node.object, context, label);
    const already = node.cordoned;
    await writeApproved(
      () => setUnschedulable(writer, request.target.name, true, false, context.targetUid),
      context,
      label,
    );
    return {
      summary: already ? `${label.object} was already cordoned` : `cordoned ${label.object}`,
      changed: !already,
      details: [],
    };
  },
};

/** `uncordon node/NAME`: lets the scheduler place pods on the node again. */
export const uncordonVerb: VerbHandler<'uncordon'> = {
  async preview({ reader, writer, request, label }) {
    requireKind('uncordon', request.target, ['Node']);
    const cordoned = await isCordoned(reader, request.target.name);
    await setUnschedulable(writer, request.target.name, false, true);
    const summary = cordoned
      ? `uncordon ${label.object}: pods may be scheduled on it again`
      : `${label.object} is not cordoned; nothing will change`;
    return { summary, details: [], dryRun: true };
  },

  async execute({ reader, writer, request, label }, context) {
    requireKind('uncordon', request.target, ['Node']);
    const node = await readNodeState(reader, request.target.name);
    requireApprovedObject(node.object, context, label);
    const cordoned = node.cordoned;
    await writeApproved(
      () => setUnschedulable(writer, request.target.name, false, false, context.targetUid),
      context,
      label,
    );
    return {
      summary: cordoned ? `uncordoned ${label.object}` : `${label.object} was not cordoned`,
      changed: cordoned,
      details: [],
    };
  },
};
