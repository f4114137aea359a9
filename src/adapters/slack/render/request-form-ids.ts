import { FORM_KIND_ACTION_ID } from './interaction-ids.ts';

/**
 * Block IDs of the `/k8s-request` form's inputs; each input's `action_id` is the same
 * string, except the action/access choice, whose `action_id` is
 * `countersign:form-kind` so that changing it reaches a listener.
 */
export const FORM_BLOCK_IDS = {
  kind: 'kind',
  cluster: 'cluster',
  verb: 'verb',
  target: 'target',
  namespace: 'namespace',
  replicas: 'replicas',
  patch: 'patch',
  role: 'role',
  duration: 'duration',
  reason: 'reason',
  incident: 'incident',
} as const;

/** The `action_id` inside each form block. */
export function formActionId(block: keyof typeof FORM_BLOCK_IDS): string {
  return block === 'kind' ? FORM_KIND_ACTION_ID : FORM_BLOCK_IDS[block];
}

/** Grant lengths the form offers for access, as `--for` reads them. */
export const FORM_DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h'] as const;
