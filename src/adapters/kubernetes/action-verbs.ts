import type { ActionVerb } from '../../core/requests/request-types.ts';
import { cordonVerb, uncordonVerb } from './verbs/cordon.ts';
import { deleteVerb } from './verbs/delete.ts';
import { drainVerb } from './verbs/drain.ts';
import { patchVerb } from './verbs/patch.ts';
import { restartVerb } from './verbs/restart.ts';
import { rollbackVerb } from './verbs/rollback.ts';
import { scaleVerb } from './verbs/scale.ts';
import type { VerbHandler } from './verbs/verb-handler.ts';

/** The handler of every action verb; the type makes a missing verb a compile error. */
export const ACTION_HANDLERS: { readonly [V in ActionVerb]: VerbHandler<V> } = {
  delete: deleteVerb,
  scale: scaleVerb,
  restart: restartVerb,
  cordon: cordonVerb,
  uncordon: uncordonVerb,
  drain: drainVerb,
  patch: patchVerb,
  rollback: rollbackVerb,
};
