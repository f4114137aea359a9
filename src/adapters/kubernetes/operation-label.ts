import type { TargetRef } from '../../core/requests/request-types.ts';

/** How messages name an operation and its object, e.g. `scale` `deployment api` `in namespace prod on cluster eu`. */
export interface OperationLabel {
  /** What was being done, e.g. `scale deployment api`. */
  readonly operation: string;
  /** The object, e.g. `deployment api`. */
  readonly object: string;
  /** Where, e.g. `in namespace prod on cluster eu`. */
  readonly location: string;
  /** A command that helps the reader check the object, for not-found errors. */
  readonly example?: string;
}

/** Labels an operation (`verb`) on an action's target for messages. */
export function labelOperation(cluster: string, verb: string, target: TargetRef): OperationLabel {
  const kind = target.kind.kind.toLowerCase();
  const object = `${kind} ${target.name}`;
  const location = target.namespace
    ? `in namespace ${target.namespace} on cluster ${cluster}`
    : `on cluster ${cluster}`;
  const scope = target.namespace ? ` -n ${target.namespace}` : '';
  return {
    operation: `${verb} ${object}`,
    object,
    location,
    example: `kubectl get ${target.kind.resource}${scope} --context ${cluster}`,
  };
}

/** Labels an operation on something other than an action target (a binding, a namespace list). */
export function labelOther(
  cluster: string,
  operation: string,
  object: string,
  namespace?: string,
): OperationLabel {
  return {
    operation,
    object,
    location: namespace ? `in namespace ${namespace} on cluster ${cluster}` : `on cluster ${cluster}`,
  };
}

/** `text` with its first letter upper-cased, to start a sentence with an object label. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
