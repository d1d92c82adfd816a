export interface BackoffConfig {
  baseMs: number;
  capMs: number;
}

// Full jitter (a random point below the exponential ceiling) spreads reconnects of many clients,
// but a pure [0, ceiling) draw can come out near zero again and again; flooring at baseMs keeps
// every retry at least one base interval apart, so no failure mode turns into a tight loop.
export function backoffDelay(failures: number, cfg: BackoffConfig, random: () => number = Math.random): number {
  const base = Math.max(1, cfg.baseMs);
  const cap = Math.max(base, cfg.capMs);
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(base + random() * (ceiling - base));
}

// Once the tunnel is declared failed, retries keep going at about the cap so the user can see it
// come back by itself; a little jitter below the cap avoids synchronised retries.
export function cappedDelay(cfg: BackoffConfig, random: () => number = Math.random): number {
  const cap = Math.max(1, cfg.baseMs, cfg.capMs);
  return Math.round(cap * (0.8 + 0.2 * random()));
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
