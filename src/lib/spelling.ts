/**
 * "Did you mean …?" for names a person types (sweep.json keys, variants, thresholds, flags).
 */

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate a typo most likely meant ("btc_ful" → "btc_full"), or null when none is close:
 * within a third of the word's length in edits, or a case-insensitive / prefix match.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (best === null) return null;
  const limit = Math.max(2, Math.ceil(word.length / 3));
  if (bestD <= limit) return best;
  // "baseline" for "baseline_variant": a long enough prefix is a clear intent too.
  const w = word.toLowerCase();
  const prefixed = w.length >= 4 ? candidates.filter((c) => c.toLowerCase().startsWith(w)).sort((a, b) => a.length - b.length) : [];
  return prefixed[0] ?? null;
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const m = closestMatch(word, candidates);
  return m && m !== word ? ` (did you mean "${m}"?)` : "";
}
