// How long to wait before the next poll. A failing API is polled less often, but never more often
// than the user asked for: the interval is a floor, not a target.

export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * After `consecutiveErrors` failed polls in a row: uniform between the interval and
 * min(interval * 2^n, 5 min). Jitter keeps many sources that failed together from retrying in lockstep.
 */
export function nextDelayMs(intervalMs: number, consecutiveErrors: number, random: () => number = Math.random): number {
  const interval = Math.max(0, intervalMs);
  if (consecutiveErrors <= 0) return interval;
  const ceiling = Math.min(interval * 2 ** Math.min(consecutiveErrors, 30), MAX_BACKOFF_MS);
  if (ceiling <= interval) return interval;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(interval + r * (ceiling - interval));
}
