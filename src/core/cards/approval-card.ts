import type { FullChange } from '../changes/full-change.ts';
import type { RequestState } from '../lifecycle/request-state.ts';
import type { CardPerson, PersonText } from './person-text.ts';

/** How a status or button should look; each renderer maps it to its platform's styles. */
export type Tone = 'neutral' | 'attention' | 'good' | 'bad';

/** Every button a card can carry; surfaces map their click payloads (Teams verbs, console paths) onto these. */
export const CARD_ACTION_IDS = ['approve', 'deny', 'extend', 'revoke', 'cancel', 'acknowledge'] as const;

/**
 * A button on a card. Its value on the wire is the request ID only, never a command.
 * `acknowledge` is an approver's after-the-fact review of a break-glass run
 * (`reviewBreakGlass`).
 */
export interface CardAction {
  readonly id: (typeof CARD_ACTION_IDS)[number];
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  readonly requestId: string;
  /** Deny asks for a reason, extend for a duration; the renderer collects it. */
  readonly asks?: 'reason' | 'duration';
}

/** One labelled value. Text is plain: every renderer escapes it for its platform. */
export interface CardFact {
  readonly label: string;
  /** The whole value as plain text (UTC times, the username alone): what a renderer shows when it can do no better. */
  readonly value: string;
  /** The value is this instant (ms) followed by `rest`: a renderer that can shows it in the reader's zone. */
  readonly time?: { readonly at: number; readonly rest: string };
  /** The value names this person by Kubernetes username: a renderer may put their chat mention beside it. */
  readonly person?: CardPerson;
}

/**
 * The platform-neutral card of one request, built once by the core and rendered by
 * Slack (Block Kit), Teams (Adaptive Cards) and the console (HTML). All text is plain,
 * possibly hostile user text: renderers escape it; nothing here is markup.
 */
export interface ApprovalCard {
  readonly requestId: string;
  readonly version: number;
  /** E.g. `scale deployment/api in prod-payments`. */
  readonly title: string;
  readonly state: RequestState;
  readonly status: { readonly label: string; readonly tone: Tone };
  readonly facts: readonly CardFact[];
  /** What the dry run says will happen, one line each. */
  readonly preview: readonly string[];
  /**
   * The heading over `preview`, true to the state: `What will happen` until it runs,
   * `What was planned` once it ran (or a grant was made), `What was asked` when it never will.
   */
  readonly previewHeading: string;
  /**
   * A patch's whole change, or a kubectl request's whole body: `notice` says how much
   * of it `preview` shows (`12 changed paths; 10 shown, values shortened — Show full
   * change …`, `Request body 1834 bytes; the card shows its first 199 characters …`), and every
   * renderer makes `full` reachable from the card (Slack: a modal, Teams: a ShowCard,
   * console: the request page).
   */
  readonly change?: { readonly notice: string; readonly full: FullChange };
  /** `1 of 2 approvals · waiting for 1 more from sre-leads`; absent when policy decided alone. */
  readonly progress?: string;
  /** Names of the policy rules that matched, for "why". */
  readonly matchedRules: readonly string[];
  /** Short lines under the card: who approved, when it expires, errors; people in them by the display rule. */
  readonly notes: readonly PersonText[];
  readonly actions: readonly CardAction[];
}
