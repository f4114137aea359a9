import type { ApprovalCard } from '../cards/approval-card.ts';
import { buildApprovalCard } from '../cards/build-approval-card.ts';
import type { RequestRecord } from '../lifecycle/request-record.ts';
import { isWaitingToStart } from '../lifecycle/waiting-to-start.ts';
import type { PersonLists } from './person-lists.ts';

/** Which list of a person's home a section holds; a surface draws each kind of row its own way. */
export type HomeSectionId = 'break-glass' | 'mine' | 'grants' | 'approve' | 'scheduled';

/** One request in a home section: its card and, where the reader may cancel it there, what cancelling means. */
export interface HomeRow {
  readonly card: ApprovalCard;
  readonly cancel?: string;
}

/** One titled list of a person's home. */
export interface HomeSection {
  readonly id: HomeSectionId;
  readonly title: string;
  /** What the section says with no rows; a section without it is left out when empty. */
  readonly empty?: string;
  readonly rows: readonly HomeRow[];
}

/** What a person's home shows: notes above the lists (e.g. an on-call service that could not be asked), then the sections in order. */
export interface PersonHome {
  readonly notes: readonly string[];
  readonly sections: readonly HomeSection[];
}

/** An approved request waiting for its start time, and whether this reader (its requester) may cancel it. */
export interface WaitingRow {
  readonly card: ApprovalCard;
  readonly mayCancel: boolean;
}

/** The cards a home is made of. */
export interface HomeCards {
  /** Requests they filed that are still undecided or running. */
  readonly openRequests: readonly ApprovalCard[];
  /** Their grants in force. */
  readonly activeGrants: readonly ApprovalCard[];
  /** Pending requests they may approve. */
  readonly awaitingMyApproval: readonly ApprovalCard[];
  /** Break-glass runs of others no approver has acknowledged yet, under a decision naming one of their groups, oldest first. */
  readonly breakGlassToReview?: readonly ApprovalCard[];
  /** Approved ahead of a start time not yet come, soonest first. */
  readonly waitingToStart?: readonly WaitingRow[];
  readonly notes?: readonly string[];
}

/** What cancelling means, said in the confirmation of a home row's Cancel. */
const CANCEL_PENDING = 'Nobody will be able to approve it.';
const CANCEL_SCHEDULED = 'It will not run at its start time.';

/**
 * A person's home as every surface shows it, from {@link personLists} as of `now`:
 * break-glass runs of others waiting for their review (only when there are some), their
 * open requests (not yet running or scheduled; Cancel while pending), their grants in
 * force, the requests waiting for their approval, and the approved ones waiting for
 * their start time (only when there are some; Cancel on their own).
 */
export function personHome(lists: PersonLists, now: number): PersonHome {
  const cards = (records: readonly RequestRecord[]): ApprovalCard[] =>
    records.map((r) => buildApprovalCard(r, now));
  const waiting = (records: readonly RequestRecord[], mayCancel: boolean): WaitingRow[] =>
    cards(records).map((card) => ({ card, mayCancel }));
  return homeOf({
    openRequests: cards(lists.mineOpen.filter((r) => r.state !== 'active' && !isWaitingToStart(r, now))),
    activeGrants: cards(lists.grantsHeld),
    awaitingMyApproval: cards(lists.needsYou),
    breakGlassToReview: cards(lists.breakGlassToReview),
    waitingToStart: [
      ...waiting(lists.waitingToStart.mine, true),
      ...waiting(lists.waitingToStart.approving, false),
    ],
    notes: lists.notes,
  });
}

/**
 * The sections of a home made of these cards, in the order every surface shows them,
 * each request at most once per section; rows the reader may cancel there carry what
 * cancelling means.
 */
export function homeOf(input: HomeCards): PersonHome {
  const cancellable = new Set(
    (input.waitingToStart ?? []).filter((w) => w.mayCancel).map((w) => w.card.requestId),
  );
  const sections: HomeSection[] = [
    { id: 'break-glass', title: 'Break-glass runs to review', rows: rows(input.breakGlassToReview) },
    {
      id: 'mine',
      title: 'Your open requests',
      empty: 'You have no open requests.',
      rows: rows(input.openRequests, (card) => (card.state === 'pending' ? CANCEL_PENDING : undefined)),
    },
    {
      id: 'grants',
      title: 'Your active grants',
      empty: 'You hold no temporary access.',
      rows: rows(input.activeGrants),
    },
    {
      id: 'approve',
      title: 'Waiting for your approval',
      empty: 'Nothing is waiting for you.',
      rows: rows(input.awaitingMyApproval),
    },
    {
      id: 'scheduled',
      title: 'Approved, waiting to start',
      rows: rows(
        input.waitingToStart?.map((w) => w.card),
        (card) => (cancellable.has(card.requestId) ? CANCEL_SCHEDULED : undefined),
      ),
    },
  ];
  return {
    notes: input.notes ?? [],
    sections: sections.filter((s) => s.rows.length > 0 || s.empty !== undefined),
  };
}

/** One row per request (the first card of each ID), with its cancel consequence where there is one. */
function rows(
  cards: readonly ApprovalCard[] = [],
  cancel: (card: ApprovalCard) => string | undefined = () => undefined,
): HomeRow[] {
  return cards
    .filter((c, i) => cards.findIndex((d) => d.requestId === c.requestId) === i)
    .map((card) => {
      const consequence = cancel(card);
      return consequence === undefined ? { card } : { card, cancel: consequence };
    });
}
