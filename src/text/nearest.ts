/**
 * Did-you-mean: the name among `candidates` nearest to `name` by edit distance
 * (白河村 → 白鹤村), when one is close enough to be a likely slip: at most one
 * edit in a name of up to four characters, two in a longer one.
 */
export function nearestName(name: string, candidates: Iterable<unknown>): string | null {
  const max = [...name].length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = max + 1;
  for (const c of candidates) {
    if (typeof c !== 'string' || c === name) continue;
    const d = editDistance(name, c, bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance over code points, giving up (returning `limit`) once it cannot be below it. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) >= limit) return limit;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev = row;
  }
  return prev[y.length]!;
}
