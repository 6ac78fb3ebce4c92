/** How messages quote what users wrote, and "did you mean …?" for misspelt keys and values. */

/** The candidate closest to `word`, if one is close enough to be what the user meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const normalized = normalize(word);
  // loop_wait vs loopWait, Replicas vs replicas: the same word written another way
  const sameWord = candidates.find((candidate) => normalize(candidate) === normalized);
  if (sameWord !== undefined) return sameWord;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(normalized, normalize(candidate));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const suggestion = closest(word, candidates);
  return suggestion === undefined ? '' : ` (did you mean ${quote(suggestion)}?)`;
}

/** How much of a user's value a message quotes: enough to recognise it, never a pasted megabyte. */
export const QUOTE_LIMIT = 80;

/**
 * A user's key or value in a message: quoted, escaped, so odd characters cannot garble the line,
 * and cut to its first QUOTE_LIMIT characters (with an ellipsis and the full length) when longer.
 */
export function quote(text: string): string {
  if (text.length <= QUOTE_LIMIT) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTE_LIMIT))}… (${text.length} characters)`;
}

function normalize(word: string): string {
  return word.toLowerCase().replace(/[_-]/g, '');
}

/**
 * Edit distance counting a swap of neighbours as one edit (optimal string alignment):
 * "fualt" is one slip away from "fault". Inputs are short keys; the quadratic table is fine.
 */
function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.abs(a.length - b.length) + 64;
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => table[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      (table[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}
