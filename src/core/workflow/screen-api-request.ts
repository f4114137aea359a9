import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { Principal } from '../ports/identity.ts';
import type { ApiRequest } from '../requests/request-types.ts';
import { assessRequest, submitRequest } from './submit-request.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** What policy makes of one kubectl API request. */
export type ApiScreening =
  /** Forward it as the caller: no rule governs it (their RBAC alone applies), or a rule auto-approves it. */
  | { readonly kind: 'pass'; readonly matchedRules: readonly string[] }
  /** A rule denies it: answer 403 with the reason. Nothing is filed. */
  | { readonly kind: 'deny'; readonly reason: string; readonly matchedRules: readonly string[] }
  /**
   * A rule wants approval: the request is filed (cards go out) and waits, pending. Or
   * a `requesters.onCall` rule approved it: filed already approved, so the audit names
   * the schedule and time that allowed it, and the proxy forwards it once as approved.
   */
  | { readonly kind: 'filed'; readonly record: RequestRecord }
  /** A rule wants approval and `earlier` found the same request on file: join it, file nothing. */
  | { readonly kind: 'earlier'; readonly record: RequestRecord };

/** How {@link screenApiRequest} learns of an identical request already on file. */
export interface ScreenOptions {
  /**
   * The same request filed before (pending, or approved and still in its re-run
   * window), or undefined. Asked only when policy wants approval, so a call that
   * passes or is denied costs no store read.
   */
  readonly earlier?: () => Promise<RequestRecord | undefined>;
}

/**
 * Lets the same ApprovalPolicy as chat decide a kubectl request the proxy received.
 * A request no rule matches passes: the proxy adds a second signature where policy
 * asks for one and never takes away what RBAC allows (a policy that wants everything
 * else refused says so with a catch-all `deny` rule for `origins: [kubectl]`). A
 * require-approval request joins an identical one on file (see {@link ScreenOptions}),
 * or else is filed through {@link submitRequest}, so it gets cards, audit and a TTL
 * like any other. An auto-approval that rested on the requester being on call is
 * filed too (approved), never passed unrecorded. The policy in force decides first: an earlier request is joined only
 * while policy still wants approval for the call.
 */
export async function screenApiRequest(
  deps: WorkflowDeps,
  input: { readonly request: ApiRequest; readonly requester: Principal; readonly text: string },
  options: ScreenOptions = {},
): Promise<ApiScreening> {
  const assessed = await assessRequest(deps, input.request, input.requester);
  const { decision } = assessed;
  switch (decision.outcome) {
    case 'deny':
      if (decision.matchedRules.length === 0) return { kind: 'pass', matchedRules: [] };
      return { kind: 'deny', reason: decision.reason, matchedRules: decision.matchedRules };
    case 'auto-approve':
      // Approved because the requester is on call: filed, so the audit records the schedule and time.
      if ((assessed.requesterOnCall?.onCallFor.length ?? 0) > 0)
        return { kind: 'filed', record: await submitRequest(deps, input, assessed) };
      return { kind: 'pass', matchedRules: decision.matchedRules };
    case 'require-approval': {
      const earlier = await options.earlier?.();
      if (earlier) return { kind: 'earlier', record: earlier };
      return { kind: 'filed', record: await submitRequest(deps, input, assessed) };
    }
  }
}
