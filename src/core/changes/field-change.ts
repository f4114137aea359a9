/**
 * One field a patch changes, as the API server's dry run answered it: the path and the
 * whole old and new value as compact JSON text, absent where the field is unset. Never
 * shortened: cards shorten for display, the full-change view shows these as they are.
 */
export interface FieldChange {
  /** E.g. `spec.template.spec.containers` or `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
}
