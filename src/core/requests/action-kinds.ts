import { KINDS, type KindInfo } from './kinds.ts';
import type { ActionVerb } from './request-types.ts';

const namespacedKinds = KINDS.filter((k) => k.namespaced).map((k) => k.kind);

/** For each action verb, the kinds (canonical `kind`) it can act on. */
export const ACTION_KINDS: Readonly<Record<ActionVerb, readonly string[]>> = {
  delete: namespacedKinds,
  patch: namespacedKinds,
  scale: ['Deployment', 'StatefulSet', 'ReplicaSet'],
  restart: ['Deployment', 'StatefulSet', 'DaemonSet'],
  rollback: ['Deployment'],
  cordon: ['Node'],
  uncordon: ['Node'],
  drain: ['Node'],
};

/** True when `verb` can act on objects of `kind`. */
export function actionAcceptsKind(verb: ActionVerb, kind: KindInfo): boolean {
  return ACTION_KINDS[verb].includes(kind.kind);
}

/** Kinds `verb` accepts, as people type them (lower-case), for messages and help. */
export function acceptedKindNames(verb: ActionVerb): string[] {
  return ACTION_KINDS[verb].map((k) => k.toLowerCase());
}
