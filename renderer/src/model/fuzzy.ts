// Fuzzy matching for the command palette: the query's characters must appear
// in order; runs of consecutive characters and matches at word starts score
// higher, so "dep web" finds "Deployment web" before "deleted-pod-webhook".

const WORD_START = /[\s/\-_.:]/;

/** Higher is better; undefined when the text does not contain the query's characters in order. */
export function fuzzyScore(query: string, text: string): number | undefined {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q === '') return 0;
  const t = text.toLowerCase();
  let score = 0;
  let run = 0;
  let from = 0;
  for (const char of q) {
    const at = t.indexOf(char, from);
    if (at < 0) return undefined;
    run = at === from && from > 0 ? run + 1 : 0;
    score += 1 + run * 2 + (at === 0 || WORD_START.test(t[at - 1]!) ? 3 : 0);
    from = at + 1;
  }
  // Of equal matches, shorter texts are closer to what was typed.
  return score - t.length / 100;
}

/** The items that match, best first, at most `limit`. */
export function fuzzyFilter<T>(query: string, items: Iterable<T>, textOf: (item: T) => string, limit: number): T[] {
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const score = fuzzyScore(query, textOf(item));
    if (score !== undefined) scored.push({ item, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map((entry) => entry.item);
}
