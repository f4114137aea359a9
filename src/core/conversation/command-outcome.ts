import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { PolicyDecision } from '../policy/decision.ts';
import type { Principal } from '../ports/identity.ts';
import type { Command } from '../requests/request-types.ts';
import type { MutationOutcome } from '../workflow/mutate-request.ts';

/** A parsed command the conversation carries out; the form alone needs a surface of its own. */
export type ReplyCommand = Exclude<Command, { type: 'form' }>;

/** The person must sign in again first: why (the core's refusal, safe to show) and the single-use link. */
export interface StepUpNeeded {
  readonly kind: 'step-up';
  readonly message: string;
  readonly url: string;
}

/**
 * What one command did, for its author alone, in no surface's words: each surface
 * renders it (Slack blocks, an Adaptive Card, a console page or redirect).
 * `changed` carries cancel, extend and revoke with the neutral sentence saying so.
 */
export type CommandOutcome =
  | { readonly kind: 'filed'; readonly record: RequestRecord }
  | StepUpNeeded
  | { readonly kind: 'status'; readonly record: RequestRecord; readonly now: number }
  | {
      readonly kind: 'list';
      /** The person's open requests (grants in force included; renderers leave those to `grants`). */
      readonly open: readonly RequestRecord[];
      /** The person's grants in force. */
      readonly grants: readonly RequestRecord[];
      readonly now: number;
    }
  | {
      readonly kind: 'changed';
      readonly command: 'cancel' | 'extend' | 'revoke';
      readonly outcome: MutationOutcome;
      readonly text: string;
    }
  | { readonly kind: 'whoami'; readonly person: Principal }
  | { readonly kind: 'help'; readonly text: string }
  | {
      readonly kind: 'explain';
      readonly title: string;
      readonly cluster: string;
      readonly decision: PolicyDecision;
    };
