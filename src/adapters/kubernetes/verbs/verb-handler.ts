import type { ExecutionContext, ExecutionResult, Preview } from '../../../core/ports/cluster.ts';
import type { ActionRequest, ActionVerb } from '../../../core/requests/request-types.ts';
import type { ApiClients } from '../api-clients.ts';
import type { OperationLabel } from '../operation-label.ts';

/** The action request of one verb. */
export type RequestOf<V extends ActionVerb> = ActionRequest & { readonly verb: V };

/**
 * What a verb works with: Countersign's own clients to read and plan, the acting
 * identity's clients to write (so RBAC and the audit log see the requester when
 * policy says `executeAs: requester`), and a label for messages.
 */
export interface VerbInput<V extends ActionVerb = ActionVerb> {
  readonly reader: ApiClients;
  readonly writer: ApiClients;
  readonly cluster: string;
  readonly request: RequestOf<V>;
  readonly label: OperationLabel;
}

/**
 * One action verb: a dry-run preview and an idempotent execution. Errors may be
 * thrown raw; the caller maps them to the port's errors with the input's label.
 */
export interface VerbHandler<V extends ActionVerb = ActionVerb> {
  preview(input: VerbInput<V>): Promise<Preview>;
  execute(input: VerbInput<V>, context: ExecutionContext): Promise<ExecutionResult>;
}

/** Query parameters of a server-side dry run. */
export const DRY_RUN = { dryRun: 'All' } as const;

/** JSON merge patch (RFC 7386), for every patch Countersign sends but a rollback's. */
export const MERGE_PATCH = 'application/merge-patch+json';

/** JSON patch (RFC 6902), whose `test` operations make the API server check values before writing. */
export const JSON_PATCH = 'application/json-patch+json';
