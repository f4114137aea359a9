const MAX_COMPARED = 40;

/** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to a mistyped word, for a "did you mean" hint: one edit away
 * for words of up to four characters, two for longer ones; undefined when none is close.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const typed = word.toLowerCase();
  if (typed.length === 0 || typed.length > MAX_COMPARED) return undefined;
  let best: string | undefined;
  let bestDistance = (typed.length <= 4 ? 1 : 2) + 1;
  for (const candidate of candidates) {
    const d = distance(typed, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A " Did you mean 'x'?" sentence, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const close = suggest(word, candidates);
  return close === undefined ? '' : ` Did you mean '${close}'?`;
}
