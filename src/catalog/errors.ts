// Errors raised by catalog look-ups, and the edit-distance suggestions they carry
// ("m5.lrage" → "m5.large"). No I/O, no dependencies.

export class CatalogError extends Error {
  constructor(
    message: string,
    readonly allowed?: string[],
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/**
 * Optimal-string-alignment distance: Levenshtein plus adjacent transposition as one edit,
 * so a swapped pair of letters ("lrage") counts as one typo, not two.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i][0] = i;
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * Up to `n` candidates closest to `name` (case-insensitive), nearest first, ties by name.
 * Only candidates within max(2, 40% of the name's length) edits are offered, so a name
 * that resembles nothing gets no suggestions rather than random ones.
 */
export function closestNames(name: string, candidates: readonly string[], n = 3): string[] {
  const needle = name.toLowerCase();
  const limit = Math.max(2, Math.ceil(needle.length * 0.4));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(needle, candidate.toLowerCase()) }))
    .filter((c) => c.distance <= limit)
    .sort((x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0))
    .slice(0, n)
    .map((c) => c.candidate);
}

/** "Did you mean …?" suffix for an error message, or an empty string. */
export function suggestionText(name: string, candidates: readonly string[]): string {
  const close = closestNames(name, candidates);
  return close.length > 0 ? ` Did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : '';
}
