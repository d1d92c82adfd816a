// Order statistics for delays: nearest-rank percentiles, so every reported value is one that was
// actually measured rather than an interpolation between two events.

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

export function statsOf(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically and several times faster than an array with a comparator.
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length,
    min: sorted[0],
    p50: rank(sorted, 0.5),
    p95: rank(sorted, 0.95),
    max: sorted[sorted.length - 1],
  };
}

function rank(sorted: Float64Array, q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}
