import type { StepUpPort } from '../ports/step-up.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';

/**
 * What a surface's ingress hands the conversation: the workflow, and the step-up
 * starter where OIDC step-up is configured (without it a `step_up_required` refusal
 * is shown as it is).
 */
export interface ConversationDeps {
  readonly workflow: WorkflowDeps;
  readonly stepUp?: StepUpPort;
}
